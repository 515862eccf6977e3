import { describe, expect, test } from 'bun:test'
import { createLogger, silentLogger } from './logger.ts'

function capture(level: 'debug' | 'info' | 'warn' | 'error', secrets?: string[]) {
  const lines: Record<string, unknown>[] = []
  const logger = createLogger({
    level,
    containerId: 'abc123',
    secrets,
    write: (line) => {
      expect(line.endsWith('\n')).toBe(true)
      lines.push(JSON.parse(line))
    },
  })
  return { logger, lines }
}

describe('createLogger', () => {
  test('writes one JSON object per line with the standard fields and the given ones', () => {
    const { logger, lines } = capture('debug')
    logger.info('listening', { port: 11434 })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 'info',
      logger: 'ollama-openai-proxy',
      message: 'listening',
      container_id: 'abc123',
      port: 11434,
    })
    expect(Number.isNaN(Date.parse(String(lines[0]?.timestamp)))).toBe(false)
  })

  test('drops messages below the configured level', () => {
    const { logger, lines } = capture('warn')
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error'])
  })

  test('names a child logger after its part of the service', () => {
    const { logger, lines } = capture('debug')
    logger.child('shutdown').debug('draining')
    expect(lines[0]).toMatchObject({ logger: 'shutdown', level: 'debug', message: 'draining' })
  })

  test('writes errors as their name and message', () => {
    const { logger, lines } = capture('debug')
    logger.error('failed', { error: new RangeError('too far') })
    expect(lines[0]?.error).toBe('RangeError: too far')
  })

  test('never writes a secret, wherever it appears', () => {
    const { logger, lines } = capture('debug', ['sk-very-secret', 'abc'])
    logger.warn('upstream said: bad key sk-very-secret', { detail: 'key=sk-very-secret' })
    expect(JSON.stringify(lines)).not.toContain('sk-very-secret')
    expect(lines[0]).toMatchObject({
      message: 'upstream said: bad key [redacted]',
      detail: 'key=[redacted]',
    })
    expect(lines[0]?.container_id).toBe('abc123')
  })

  test('has a silent logger for tests', () => {
    expect(() => silentLogger.error('nothing')).not.toThrow()
  })
})
