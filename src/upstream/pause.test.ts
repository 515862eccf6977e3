import { describe, expect, test } from 'bun:test'
import { pause } from './pause.ts'

describe('pause', () => {
  test('waits the time given', async () => {
    const waited: number[] = []
    await pause(250, new AbortController().signal, async (ms) => {
      waited.push(ms)
    })
    expect(waited).toEqual([250])
  })

  test('ends with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController()
    const reason = new Error('client gone')
    const waiting = pause(60_000, controller.signal)
    controller.abort(reason)
    expect(await waiting.catch((error: unknown) => error)).toBe(reason)
  })

  test('does not wait at all when the signal has aborted already', async () => {
    const controller = new AbortController()
    controller.abort(new Error('gone'))
    let slept = false
    const error = await pause(10, controller.signal, async () => {
      slept = true
    }).catch((caught: Error) => caught.message)
    expect([error, slept]).toEqual(['gone', false])
  })
})
