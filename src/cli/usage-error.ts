/** A command line that cannot be understood (unknown flag, missing value): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
