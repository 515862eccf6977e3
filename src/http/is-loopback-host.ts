/**
 * Whether a host name or address (no port) names this machine only: `localhost` and
 * `*.localhost` (RFC 6761), 127.0.0.0/8, and `::1` (bracketed or not, or IPv4-mapped).
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  const address = name.replace(/^\[(.*)\]$/, '$1').replace(/^::ffff:(?=\d)/, '')
  if (address === '::1' || address === '0:0:0:0:0:0:0:1') return true
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address)
  return octets?.slice(1).every((octet) => Number(octet) <= 255) ?? false
}
