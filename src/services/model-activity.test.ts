import { describe, expect, test } from 'bun:test'
import { ModelActivity } from './model-activity.ts'

function fakeClock(start = 1_000_000) {
  const clock = { time: start, now: () => clock.time }
  return clock
}

describe('ModelActivity', () => {
  test('lists nothing before any use', () => {
    expect(new ModelActivity(() => 0).active()).toEqual([])
  })

  test('lists a used model until its keep_alive runs out', () => {
    const clock = fakeClock()
    const activity = new ModelActivity(clock.now)
    activity.touch('gpt-4o', 300_000)
    expect(activity.active()).toEqual([{ id: 'gpt-4o', expiresAt: 1_300_000 }])
    clock.time = 1_299_999
    expect(activity.active()).toEqual([{ id: 'gpt-4o', expiresAt: 1_300_000 }])
    clock.time = 1_300_000
    expect(activity.active()).toEqual([])
  })

  test('does not list an expired model again when time goes back', () => {
    const clock = fakeClock()
    const activity = new ModelActivity(clock.now)
    activity.touch('m', 10)
    clock.time += 10
    expect(activity.active()).toEqual([])
    clock.time -= 10
    expect(activity.active()).toEqual([])
  })

  test("extends or shortens a model's time with each use", () => {
    const clock = fakeClock(0)
    const activity = new ModelActivity(clock.now)
    activity.touch('m', 100)
    clock.time = 50
    activity.touch('m', 1_000)
    expect(activity.active()).toEqual([{ id: 'm', expiresAt: 1_050 }])
    activity.touch('m', 10)
    expect(activity.active()).toEqual([{ id: 'm', expiresAt: 60 }])
  })

  test.each([0, -1])('unloads a model used with keep_alive %p', (keepAliveMs) => {
    const activity = new ModelActivity(() => 0)
    activity.touch('m', 60_000)
    activity.touch('other', 60_000)
    activity.touch('m', keepAliveMs)
    expect(activity.active()).toEqual([{ id: 'other', expiresAt: 60_000 }])
  })

  test('keeps a model with keep_alive forever (Infinity) listed, first', () => {
    const clock = fakeClock(0)
    const activity = new ModelActivity(clock.now)
    activity.touch('short', 1_000)
    activity.touch('forever', Number.POSITIVE_INFINITY)
    clock.time = 10 ** 15
    expect(activity.active()).toEqual([{ id: 'forever', expiresAt: Number.POSITIVE_INFINITY }])
  })

  test('lists the longest-lived model first', () => {
    const activity = new ModelActivity(() => 0)
    activity.touch('a', 100)
    activity.touch('b', 300)
    activity.touch('c', 200)
    expect(activity.active()).toEqual([
      { id: 'b', expiresAt: 300 },
      { id: 'c', expiresAt: 200 },
      { id: 'a', expiresAt: 100 },
    ])
  })

  test('uses the wall clock by default', () => {
    const activity = new ModelActivity()
    const before = Date.now()
    activity.touch('m', 60_000)
    const after = Date.now()
    const [entry] = activity.active()
    expect(entry?.id).toBe('m')
    expect(entry?.expiresAt).toBeGreaterThanOrEqual(before + 60_000)
    expect(entry?.expiresAt).toBeLessThanOrEqual(after + 60_000)
  })
})
