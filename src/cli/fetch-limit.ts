/** How many requests Bun's fetch sends at once unless BUN_CONFIG_MAX_HTTP_REQUESTS says more. */
export const BUN_DEFAULT_FETCH_LIMIT = 256

/**
 * The upstream requests Bun's fetch must allow at once to serve MAX_CONCURRENT_REQUESTS: one per
 * request (an open stream holds its upstream request to the end), plus a few for the model list.
 */
export function upstreamFetchLimit(maxConcurrent: number): number {
  return Math.min(65_535, maxConcurrent + 16)
}

/**
 * The fetch limit Bun applies in this process: BUN_CONFIG_MAX_HTTP_REQUESTS, read once at
 * process start.
 */
export function currentFetchLimit(env: Record<string, string | undefined>): number {
  return Number(env.BUN_CONFIG_MAX_HTTP_REQUESTS) || BUN_DEFAULT_FETCH_LIMIT
}

/**
 * What to restart the process with so that Bun's fetch allows `upstreamFetchLimit` requests: Bun
 * reads BUN_CONFIG_MAX_HTTP_REQUESTS only as the process starts (setting it later has no
 * effect), so the service replaces itself once (`process.execve`: same pid, same arguments)
 * with the variable set. Undefined when the variable is set already, by the operator (who then
 * decides) or by that restart. (Windows has no execve: there the limit stays 256.)
 */
export function fetchLimitRestart(
  env: Record<string, string | undefined>,
  maxConcurrent: number,
  runtime: Pick<NodeJS.Process, 'execPath' | 'execArgv' | 'argv'> & { standalone: boolean },
): { argv: string[]; env: Record<string, string> } | undefined {
  if (env.BUN_CONFIG_MAX_HTTP_REQUESTS !== undefined) return
  const defined = Object.entries(env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  )
  return {
    // A compiled binary re-adds its embedded runtime flags itself; `bun src/main.ts` needs them.
    argv: runtime.standalone
      ? [runtime.execPath, ...runtime.argv.slice(2)]
      : [runtime.execPath, ...runtime.execArgv, ...runtime.argv.slice(1)],
    env: {
      ...Object.fromEntries(defined),
      BUN_CONFIG_MAX_HTTP_REQUESTS: String(upstreamFetchLimit(maxConcurrent)),
    },
  }
}
