import { readFileSync } from 'node:fs'
import { ConfigError } from './config-error.ts'

/**
 * The secret stored in the file at `path` (the Docker/Kubernetes secrets convention), or a
 * ConfigError naming `source`, where the path came from (e.g. `OPENAI_API_KEY_FILE`).
 */
export function readSecretFile(source: string, path: string): string {
  try {
    // Secret files usually end with a newline that is not part of the secret.
    return readFileSync(path, 'utf8').trim()
  } catch (error) {
    throw new ConfigError(`${source}: cannot read ${path}: ${(error as Error).message}`)
  }
}
