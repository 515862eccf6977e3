import packageJson from '../package.json' with { type: 'json' }
import { fetchLimitRestart } from './cli/fetch-limit.ts'
import { healthUrl } from './cli/health-url.ts'
import { healthcheck } from './cli/healthcheck.ts'
import { type CliArgs, parseArgs } from './cli/parse-args.ts'
import { renderHelp } from './cli/render-help.ts'
import { renderUsage } from './cli/render-usage.ts'
import { UsageError } from './cli/usage-error.ts'
import { ConfigError } from './config/config-error.ts'
import {
  type ConfigSources,
  loadServiceConfig,
  type ServiceConfig,
} from './config/load-service-config.ts'

/** `ollama-openai-proxy [serve|healthcheck] [flags]`: parse, load the config, then act. */
async function main(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  let args: CliArgs
  let sources: ConfigSources
  let loaded: ServiceConfig
  try {
    args = parseArgs(argv)
    if (args.help) return exit(0, renderHelp(packageJson.version))
    if (args.version) return exit(0, `${packageJson.version}\n`)
    sources = { configFile: args.configFile, env, flags: args }
    loaded = loadServiceConfig(sources)
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error
    const problems = error.message.split('\n').map((line) => `ollama-openai-proxy: ${line}\n`)
    return exit(2, '', `${problems.join('')}${renderUsage()}`)
  }
  const { config } = loaded
  if (args.command === 'healthcheck') {
    const result = await healthcheck(healthUrl(config.host, config.port), { timeoutMs: 2000 })
    return exit(result.healthy ? 0 : 1, `${result.detail}\n`)
  }
  // The binary has NODE_ENV compiled in as production, but Elysia reads it at run time (to hide
  // validation details): make the two agree, unless the environment sets NODE_ENV itself.
  if (process.env.NODE_ENV === 'production') Bun.env.NODE_ENV ??= 'production'
  // Bun's fetch limit is read only at process start: start again, once, with it raised.
  const restart = fetchLimitRestart(env, config.maxConcurrentRequests, {
    execPath: process.execPath,
    execArgv: process.execArgv,
    argv: process.argv,
    standalone: Bun.isStandaloneExecutable,
  })
  if (restart && process.execve) process.execve(process.execPath, restart.argv, restart.env)
  // Loaded only to serve: --help, --version and healthcheck stay fast and light.
  const { serve } = await import('./cli/serve.ts')
  serve(loaded, sources)
}

function exit(code: number, stdout: string, stderr = ''): void {
  process.stdout.write(stdout)
  process.stderr.write(stderr)
  process.exit(code)
}

await main(process.argv.slice(2), process.env)
