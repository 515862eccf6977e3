import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { MAX_JSON_DEPTH, parseJsonBody } from './parse-json-body.ts'

const post = (body: string, contentType = 'application/json') =>
  new Request('http://localhost/api/chat', {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
  })

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (error instanceof OllamaError) return { status: error.status, message: error.message }
    throw error
  }
  throw new Error('expected an OllamaError')
}

function parserMessage(text: string): string {
  try {
    JSON.parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected JSON.parse to fail')
}

describe('parseJsonBody', () => {
  test('parses a JSON object', async () => {
    expect(await parseJsonBody(post('{"model":"llama3.2","stream":false}'))).toEqual({
      model: 'llama3.2',
      stream: false,
    })
  })

  test.each(['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream'])(
    'parses JSON sent as %s (curl -d)',
    async (contentType) => {
      expect(await parseJsonBody(post('{"model":"m"}', contentType))).toEqual({ model: 'm' })
    },
  )

  test('parses JSON sent without a content type', async () => {
    const request = new Request('http://localhost/api/show', {
      method: 'POST',
      body: new Blob(['{"name":"m"}']),
    })
    expect(await parseJsonBody(request)).toEqual({ name: 'm' })
  })

  test('parses objects with a toString key into values that can become text', async () => {
    const body = await parseJsonBody(post('{"model":{"toString":1}}'))
    expect(`${body.model}`).toBe('[object Object]')
    expect(JSON.stringify(body)).toBe('{"model":{"toString":1}}')
  })

  test('parses an empty object', async () => {
    expect(await parseJsonBody(post(' {} \n'))).toEqual({})
  })

  test.each(['', '   ', '\n\t'])(
    'refuses the empty body %p with "missing request body"',
    async (body) => {
      expect(await rejection(parseJsonBody(post(body)))).toEqual({
        status: 400,
        message: 'missing request body',
      })
    },
  )

  test('refuses a request without body with "missing request body"', async () => {
    expect(
      await rejection(parseJsonBody(new Request('http://localhost/api/chat', { method: 'POST' }))),
    ).toEqual({
      status: 400,
      message: 'missing request body',
    })
  })

  test.each(['{oops', '{"model":', 'model=llama3.2', "{'a':1}"])(
    'refuses the malformed JSON %p with the parser message',
    async (body) => {
      expect(await rejection(parseJsonBody(post(body)))).toEqual({
        status: 400,
        message: `invalid JSON in request body: ${parserMessage(body)}`,
      })
    },
  )

  test('parses an object nested MAX_JSON_DEPTH deep', async () => {
    const deepest = `{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`
    expect(await parseJsonBody(post(deepest))).toEqual(JSON.parse(deepest))
  })

  test.each([MAX_JSON_DEPTH + 1, 50_000])(
    'refuses an object nested %p deep with 400, before parsing it',
    async (depth) => {
      const deep = `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`
      expect(await rejection(parseJsonBody(post(deep)))).toEqual({
        status: 400,
        message: 'invalid JSON in request body: nested more than 128 levels deep',
      })
    },
  )

  test.each(['[]', '[{"model":"m"}]', 'null', '42', '"text"', 'true'])(
    'refuses the JSON %p, which is not an object',
    async (body) => {
      expect(await rejection(parseJsonBody(post(body)))).toEqual({
        status: 400,
        message: 'invalid request body: expected a JSON object',
      })
    },
  )
})
