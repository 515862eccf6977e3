import { findSetting, isBoolean } from '../config/find-setting.ts'
import type { FlagValues } from '../config/flag-layer.ts'
import { UsageError } from './usage-error.ts'

export const commands = ['serve', 'healthcheck'] as const
export type Command = (typeof commands)[number]

/** What the command line asks for. Setting values stay raw text: `loadConfig` validates them. */
export interface CliArgs extends FlagValues {
  command: Command
  help: boolean
  version: boolean
  /** `--config FILE`: a YAML or JSON file of settings. */
  configFile: string | undefined
}

/**
 * Reads the arguments after the program name: an optional command (`serve`, the default, or
 * `healthcheck`) and flags derived from `settings` (`--port 11500`, `--port=11500`; booleans as
 * `--docs`, `--no-docs`, `--docs=false`; secrets also as `--api-key-file FILE`), plus `--config`,
 * `--demo` (= `--upstream demo`), `-h`/`--help` and `-v`/`--version`. A repeated flag: the last
 * one wins. Throws a UsageError for anything else.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    command: 'serve',
    help: false,
    version: false,
    configFile: undefined,
    values: {},
    secretFiles: {},
  }
  let commandSeen = false
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string
    const takeValue = (flag: string, inline: string | undefined): string => {
      if (inline !== undefined) return inline
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`)
      index++
      return next
    }
    if (arg === '-h' || arg === '--help') args.help = true
    else if (arg === '-v' || arg === '--version') args.version = true
    else if (arg.startsWith('--')) readFlag(args, arg, takeValue)
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown flag ${arg}`)
    else if (!commandSeen && (commands as readonly string[]).includes(arg)) {
      args.command = arg as Command
      commandSeen = true
    } else throw new UsageError(`unexpected argument "${arg}"`)
  }
  return args
}

function readFlag(
  args: CliArgs,
  arg: string,
  takeValue: (flag: string, inline: string | undefined) => string,
): void {
  const equals = arg.indexOf('=')
  const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals)
  const inline = equals === -1 ? undefined : arg.slice(equals + 1)
  const flag = `--${name}`
  if (name === 'config') {
    args.configFile = takeValue(flag, inline)
    return
  }
  if (name === 'demo') {
    if (inline !== undefined) throw new UsageError('--demo takes no value')
    args.values.upstream = 'demo'
    return
  }
  const negated = name.startsWith('no-') ? findSetting(name.slice(3), ['flag']) : undefined
  if (negated && !negated.fromFile && isBoolean(negated.key)) {
    if (inline !== undefined) throw new UsageError(`${flag} takes no value`)
    args.values[negated.key] = 'false'
    return
  }
  const ref = findSetting(name, ['flag'])
  if (ref === undefined) throw new UsageError(`unknown flag ${flag}`)
  if (ref.fromFile) {
    args.secretFiles[ref.key] = takeValue(flag, inline)
    delete args.values[ref.key]
  } else if (isBoolean(ref.key)) args.values[ref.key] = inline ?? 'true'
  else {
    args.values[ref.key] = takeValue(flag, inline)
    // The later of --api-key and --api-key-file wins.
    delete args.secretFiles[ref.key]
  }
}
