import { describe, expect, test } from 'bun:test'
import { openFileLimit } from './open-file-limit.ts'

const limits = (openFiles: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             127599               127599               processes ',
    `Max open files            ${openFiles}                files     `,
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n')

describe('openFileLimit', () => {
  test('reads the soft limit', () => {
    expect(openFileLimit(() => limits('1024                 1048576'))).toBe(1024)
  })

  test('knows no limit when it is unlimited, missing, or unreadable', () => {
    expect(openFileLimit(() => limits('unlimited            unlimited'))).toBeUndefined()
    expect(openFileLimit(() => 'Limit Soft Hard')).toBeUndefined()
    expect(
      openFileLimit(() => {
        throw new Error('ENOENT: no /proc on this system')
      }),
    ).toBeUndefined()
  })

  test("reads this process's own limit on Linux", () => {
    if (process.platform !== 'linux') return
    expect(openFileLimit()).toBeGreaterThan(0)
  })
})
