/**
 * Where the service's own /health answers, seen from the same machine: loopback when it listens
 * on every address (`0.0.0.0`, `::`), else the address it listens on.
 */
export function healthUrl(host: string, port: number): string {
  const wildcard = ['', '0.0.0.0', '::', '[::]'].includes(host)
  const address = wildcard ? '127.0.0.1' : host
  const shown = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address
  return `http://${shown}:${port}/health`
}
