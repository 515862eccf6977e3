import { describe, expect, test } from 'bun:test'
import { fileSpellings, findSetting, isBoolean, isSecret, settingKeys } from './find-setting.ts'
import { settings } from './settings.ts'

describe('findSetting', () => {
  test('finds every setting by its key, flag and env name', () => {
    for (const key of settingKeys) {
      const expected = { key, fromFile: false }
      expect(findSetting(key)).toEqual(expected)
      expect(findSetting(settings[key].flag)).toEqual(expected)
      expect(findSetting(settings[key].env)).toEqual(expected)
    }
  })

  test('finds the file variant of a secret in every spelling', () => {
    for (const name of ['apiKeyFile', 'api-key-file', 'OPENAI_API_KEY_FILE']) {
      expect(findSetting(name)).toEqual({ key: 'apiKey', fromFile: true })
    }
  })

  test('has no file variant for settings that are not secret', () => {
    expect(findSetting('port-file')).toBeUndefined()
    expect(findSetting('PORT_FILE')).toBeUndefined()
  })

  test('looks only at the spellings asked for', () => {
    expect(findSetting('base-url', ['flag'])).toEqual({ key: 'baseUrl', fromFile: false })
    expect(findSetting('baseUrl', ['flag'])).toBeUndefined()
    expect(findSetting('OPENAI_API_BASE_URL', ['flag'])).toBeUndefined()
    expect(findSetting('OPENAI_API_BASE_URL', ['env'])).toEqual({ key: 'baseUrl', fromFile: false })
  })

  test('is exact: no other case, no unknown names', () => {
    expect(findSetting('Port')).toBeUndefined()
    expect(findSetting('nope')).toBeUndefined()
    expect(findSetting('')).toBeUndefined()
  })
})

describe('setting kinds', () => {
  test('isSecret is true only for the upstream and client API keys', () => {
    expect(settingKeys.filter(isSecret)).toEqual(['apiKey', 'apiKeys'])
  })

  test('isBoolean is true for the on/off settings', () => {
    expect(settingKeys.filter(isBoolean)).toEqual([
      'streamUsage',
      'watchConfig',
      'metricsPublic',
      'docs',
    ])
  })

  test('fileSpellings names the file variant', () => {
    expect(fileSpellings('apiKey')).toEqual({
      key: 'apiKeyFile',
      flag: 'api-key-file',
      env: 'OPENAI_API_KEY_FILE',
    })
  })

  test('no name means two settings, in any spelling', () => {
    const owners = new Map<string, Set<string>>()
    for (const key of settingKeys) {
      for (const name of [key, settings[key].flag, settings[key].env]) {
        owners.set(name, (owners.get(name) ?? new Set()).add(key))
      }
    }
    expect([...owners].filter(([, keys]) => keys.size > 1)).toEqual([])
  })
})
