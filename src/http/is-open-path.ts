import { DOCS_PATH } from '../docs/api-docs.ts'

/**
 * Paths served without a client key: `/` ("Ollama is running", which clients and scripts probe
 * before anything else, and which tells nothing a port scan does not), the health checks
 * (orchestrators carry no key), and the API docs (public; their "Try it out" sends a key).
 */
export function isOpenPath(path: string): boolean {
  return (
    path === '/' || isHealthPath(path) || path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`)
  )
}

/** `/health` and `/health/ready`: answered even when the server is busy. */
export function isHealthPath(path: string): boolean {
  return path === '/health' || path.startsWith('/health/')
}
