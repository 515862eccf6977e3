import { describe, expect, test } from 'bun:test'
import { releasePlan } from './release-plan.ts'

const sha = '0123456789abcdef0123456789abcdef01234567'
const plan = (ref: string, packageVersion = '1.2.3') =>
  releasePlan({ ref, sha, packageVersion, defaultBranch: 'main' })

describe('releasePlan', () => {
  test('a version tag moves latest and builds the binaries', () => {
    expect(plan('refs/tags/v1.2.3')).toEqual({
      tags: ['v1.2.3', 'latest'],
      version: '1.2.3',
      binaries: true,
    })
  })

  test('a pre-release tag gets only its own tag', () => {
    expect(plan('refs/tags/v1.2.3-rc.1', '1.2.3-rc.1')).toEqual({
      tags: ['v1.2.3-rc.1'],
      version: '1.2.3-rc.1',
      binaries: true,
    })
  })

  test('the default branch moves dev and adds sha-<short commit>', () => {
    expect(plan('refs/heads/main')).toEqual({
      tags: ['sha-0123456', 'dev'],
      version: 'sha-0123456',
      binaries: false,
    })
  })

  test('a pull request gets pr-<n> only', () => {
    const expected = { tags: ['pr-42'], version: 'pr-42', binaries: false }
    expect(plan('refs/pull/42/merge')).toEqual(expected)
    expect(plan('refs/pull/42/head')).toEqual(expected)
  })

  test('another branch is built, not tagged', () => {
    expect(plan('refs/heads/feature/x')).toEqual({
      tags: [],
      version: 'sha-0123456',
      binaries: false,
    })
  })

  test('a tag that is not package.json version fails', () => {
    expect(() => plan('refs/tags/v1.2.4')).toThrow(
      "tag v1.2.4 does not match package.json's version 1.2.3: bump package.json first",
    )
  })

  test('refs and commits it cannot read fail', () => {
    expect(() => plan('refs/tags/v1.2')).toThrow(
      'tag v1.2 is not v<major>.<minor>.<patch>[-<pre-release>]',
    )
    expect(() => plan('refs/tags/v01.2.3')).toThrow('tag v01.2.3 is not')
    expect(() => plan('refs/pull/0/merge')).toThrow('unknown git ref "refs/pull/0/merge"')
    expect(() => plan('main')).toThrow('unknown git ref "main"')
    expect(() =>
      releasePlan({
        ref: 'refs/heads/main',
        sha: 'abc1234',
        packageVersion: '1',
        defaultBranch: 'main',
      }),
    ).toThrow('--sha must be a full commit id, got "abc1234"')
  })
})
