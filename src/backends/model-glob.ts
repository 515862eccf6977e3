/**
 * A model-name glob as a test: `*` matches any run of characters (slashes too: `qwen/*` matches
 * every `qwen/…` id), `?` any one character; case is ignored, as in model names.
 */
export function modelGlob(glob: string): (name: string) => boolean {
  const source = glob
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/, '\\$&'),
    )
    .join('')
  const pattern = new RegExp(`^${source}$`, 'i')
  return (name) => pattern.test(name)
}

/** Whether a name matches any of the globs. */
export function anyModelGlob(globs: readonly string[]): (name: string) => boolean {
  const tests = globs.map(modelGlob)
  return (name) => tests.some((test) => test(name))
}
