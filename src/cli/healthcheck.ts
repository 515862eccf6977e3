export interface HealthcheckOptions {
  /** How long the whole check may take. */
  timeoutMs: number
  fetch?: (url: string, init: RequestInit) => Promise<Response>
}

export interface HealthcheckResult {
  healthy: boolean
  /** One line saying what happened, for the healthcheck's output. */
  detail: string
}

/** Healthy when GET `url` answers 200 within the timeout. Never throws. */
export async function healthcheck(
  url: string,
  options: HealthcheckOptions,
): Promise<HealthcheckResult> {
  const fetchUrl = options.fetch ?? fetch
  try {
    const response = await fetchUrl(url, {
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'manual',
    })
    // Read the body within the same deadline, so the connection is closed before exiting.
    await response.arrayBuffer()
    return response.status === 200
      ? { healthy: true, detail: `healthy: GET ${url} answered 200` }
      : { healthy: false, detail: `unhealthy: GET ${url} answered ${response.status}` }
  } catch (error) {
    const reason =
      error instanceof DOMException && error.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs} ms`
        : (error as Error).message
    return { healthy: false, detail: `unhealthy: GET ${url} failed: ${reason}` }
  }
}
