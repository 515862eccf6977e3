/** Structured JSON logs, one object per line on stdout. */
import { createRedactor } from '../errors/create-redactor.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A logger with another `logger` name, for one part of the service. */
  child(name: string): Logger
}

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface LoggerOptions {
  level: LogLevel
  name?: string
  containerId?: string
  /** Where lines go; stdout by default. */
  write?: (line: string) => void
  /**
   * Values that must never appear in a log line (API keys); read at each line, so the caller may
   * add to the list later (keys of a reloaded configuration).
   */
  secrets?: string[]
}

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line))
  const threshold = severity[options.level]
  const redact = createRedactor(options.secrets ?? [])

  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (severity[level] < threshold) return
    const entry = {
      timestamp: new Date().toISOString(),
      level,
      logger: options.name ?? 'ollama-openai-proxy',
      message,
      container_id: options.containerId,
      ...fields,
    }
    write(`${redact(JSON.stringify(entry, errorsAsText))}\n`)
  }
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (name) => createLogger({ ...options, name }),
  }
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value
}

/** A logger that drops everything, for tests that do not look at logs. */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} })
