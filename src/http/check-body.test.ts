import { describe, expect, test } from 'bun:test'
import { t } from 'elysia'
import { OllamaError } from '../errors/ollama-error.ts'
import { checkBody } from './check-body.ts'

const Schema = t.Object({
  messages: t.Optional(t.Array(t.Object({ role: t.String() }, { title: 'message' }))),
  options: t.Optional(t.Object({ temperature: t.Optional(t.Number()) })),
})

function refusal(body: unknown) {
  try {
    checkBody(Schema, body)
  } catch (error) {
    if (error instanceof OllamaError) return { status: error.status, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

describe('checkBody', () => {
  test('accepts a valid body, unknown fields included', () => {
    expect(checkBody(Schema, { messages: [{ role: 'user' }], extra: 1 })).toBeUndefined()
  })

  test.each([
    [{ messages: 'x' }, 'messages must be a list of messages'],
    [{ messages: { role: 'user' } }, 'messages must be a list of messages'],
    [{ messages: ['hi'] }, 'messages[0] must be a message object'],
    [{ messages: [{ role: 'user' }, {}] }, 'messages[1].role is required'],
    [{ options: 'x' }, 'options must be an object'],
    [{ options: [1] }, 'options must be an object'],
    [{ options: { temperature: 'hot' } }, 'options.temperature must be a number'],
  ])('refuses %o with a 400 naming the outermost wrong field', (body, message) => {
    expect(refusal(body)).toEqual({ status: 400, message })
  })
})
