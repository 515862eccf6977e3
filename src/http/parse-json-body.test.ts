import { describe, expect, test } from 'bun:test'
import { OllamaError } from '../errors/ollama-error.ts'
import { parseJsonBody } from './parse-json-body.ts'

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
