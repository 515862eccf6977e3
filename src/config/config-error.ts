/** Raised when a setting is invalid; its message lists every problem, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
