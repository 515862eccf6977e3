import { OllamaError } from '../../src/errors/ollama-error.ts'

/** The OllamaError `run` throws; fails the test when it throws nothing or something else. */
export function thrown(run: () => unknown): OllamaError {
  try {
    run()
  } catch (error) {
    if (error instanceof OllamaError) return error
    throw error
  }
  throw new Error('expected an OllamaError')
}
