import { OllamaError } from '../errors/ollama-error.ts'

const unitMilliseconds: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
}

/**
 * Milliseconds for an Ollama keep_alive: a number of seconds, or a Go duration such as "5m" or
 * "1h30m". Negative means forever (Infinity).
 */
export function parseKeepAlive(keepAlive: number | string): number {
  const milliseconds =
    typeof keepAlive === 'number' ? keepAlive * 1000 : parseDurationText(keepAlive.trim())
  return milliseconds < 0 ? Number.POSITIVE_INFINITY : milliseconds
}

function parseDurationText(text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  const match = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/.exec(text)
  if (!match?.[2]) throw OllamaError.badRequest(`time: invalid duration "${text}"`)
  let total = 0
  for (const [, amount, unit] of match[2].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (unitMilliseconds[unit as string] ?? 0)
  }
  return match[1] === '-' ? -total : total
}
