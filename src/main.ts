import { createApp } from './app.ts'
import { ConfigError, envLayer, loadConfig } from './config/load-config.ts'
import { createLogger } from './log/logger.ts'
import { chooseBackend, createUpstream } from './upstream/create-upstream.ts'

function main(): void {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig([envLayer(process.env)])
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`ollama-openai-proxy: invalid configuration\n${error.message}\n`)
    process.exit(2)
  }
  const containerId = process.env.HOSTNAME ?? ''
  const logger = createLogger({ level: config.logLevel, containerId, secrets: [config.apiKey] })
  const upstream = createUpstream(config)
  if (chooseBackend(config) === 'demo' && config.upstream === 'auto') {
    logger.warn(
      'OPENAI_API_KEY is not set: answering from the built-in demo backend. Set OPENAI_API_KEY (and OPENAI_API_BASE_URL for another provider) to use a real one, or UPSTREAM=demo to silence this.',
    )
  }
  const app = createApp({ config, upstream, logger, containerId })
  app.listen({ hostname: config.host, port: config.port })
  logger.info('listening', {
    url: `http://${config.host}:${app.server?.port}`,
    upstream: upstream.label,
    environment: config.environment,
  })
}

main()
