import { fileSpellings, isBoolean, isSecret, settingKeys } from '../config/find-setting.ts'
import { type SettingKey, settings } from '../config/settings.ts'

const program = 'ollama-openai-proxy'
const width = 80

/** `--help`: commands, options and every setting (flag, env variable, default), from `settings`. */
export function renderHelp(version: string): string {
  const lines = [
    `${program} ${version}`,
    'Speaks the Ollama REST API and answers from any OpenAI-compatible backend.',
    '',
    'Usage:',
    `  ${program} [serve] [options]      start the service (the default)`,
    `  ${program} healthcheck [options]  exit 0 if /health on --port answers`,
    '                                                200 within 2 s, else 1',
    '',
    'Options:',
    '  --config <file>   read settings from a YAML or JSON file',
    '  --demo            same as --upstream demo',
    '  -h, --help        print this help and exit',
    '  -v, --version     print the version and exit',
    '',
    'Settings, each a flag, an env variable and a config file key.',
    'Precedence: flags > env variables > config file > defaults.',
    '',
    ...settingKeys.flatMap(describeSetting),
    '',
    ...wrap(
      'Config file: one flat YAML or JSON mapping (.json files are JSON, others YAML); a key may be ' +
        'the setting (baseUrl), flag (base-url) or env name (OPENAI_API_BASE_URL). Example: ' +
        '{ "port": 11500, "base-url": "http://localhost:8000/v1", "docs": false }',
      0,
    ),
    '',
    ...wrap(
      'Exit codes: 0 success, also after a graceful shutdown (SIGTERM/SIGINT); 1 failure ' +
        '(healthcheck failed, cannot listen); 2 invalid flags or settings; 130/143 a second ' +
        'SIGINT/SIGTERM cut the drain short.',
      0,
    ),
    '',
  ]
  return lines.join('\n')
}

function describeSetting(key: SettingKey): string[] {
  const setting = settings[key]
  const flag = isBoolean(key) ? `--[no-]${setting.flag}` : `--${setting.flag} ${placeholder(key)}`
  const lines = [
    ...columns(
      `  ${flag}`,
      `(env ${setting.env}, default ${'shown' in setting ? setting.shown : showDefault(setting.default)})`,
    ),
    ...wrap(setting.description, 6),
  ]
  if (isSecret(key)) {
    const file = fileSpellings(key)
    lines.push(
      ...columns(`  --${file.flag} <file>`, `(env ${file.env})`),
      ...wrap(
        `Read --${setting.flag} from this file (Docker/Kubernetes secrets); unlike flags, ` +
          'its content does not show in the process list',
        6,
      ),
    )
  }
  return lines
}

function placeholder(key: SettingKey): string {
  const value = settings[key].default
  if (typeof value === 'number') return '<number>'
  if (Array.isArray(value)) return '<list>'
  return '<text>'
}

function showDefault(value: unknown): string {
  if (value === '' || (Array.isArray(value) && value.length === 0)) return 'none'
  return String(value)
}

/** `left  right` on one line if it fits, else `right` on the next line, indented. */
function columns(left: string, right: string): string[] {
  const line = `${left}  ${right}`
  return line.length <= width ? [line] : [left, `      ${right}`]
}

/** Words of `text` in lines of at most `width` characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(' '.repeat(indent) + line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(' '.repeat(indent) + line)
  return lines
}
