/**
 * A test of text against globs of the configuration (model names, hosts, origins): `*` matches
 * any run of characters (slashes too: `qwen/*` matches every `qwen/…` id), `?` any one character;
 * case is ignored. No globs match nothing.
 */
export function anyGlob(globs: readonly string[]): (text: string) => boolean {
  if (globs.length === 0) return () => false
  const pattern = new RegExp(`^(?:${globs.map(toPattern).join('|')})$`, 'i')
  return (text) => pattern.test(text)
}

function toPattern(glob: string): string {
  return glob
    .split('*')
    .map((part) => part.split('?').map(RegExp.escape).join('.'))
    .join('.*')
}
