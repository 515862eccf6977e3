/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** The samples of a Prometheus text exposition (comments skipped, label values unescaped). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match) throw new Error(`not a sample line: ${line}`)
    const [, name, labelText = '', value] = match as unknown as [string, string, string, string]
    const labels: Record<string, string> = {}
    for (const label of labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[label[1] as string] = (label[2] as string).replace(/\\(.)/g, (_, char: string) =>
        char === 'n' ? '\n' : char,
      )
    }
    samples.push({ name, labels, value: Number(value) })
  }
  return samples
}

/**
 * The value of the sample named `name` whose labels are exactly `labels` (0 when there is none,
 * as Prometheus counts an absent counter).
 */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const wanted = JSON.stringify(Object.entries(labels).sort())
  const found = samples.find(
    (sample) =>
      sample.name === name && JSON.stringify(Object.entries(sample.labels).sort()) === wanted,
  )
  return found?.value ?? 0
}

/** Every sample named `name`, as `labels → value` for comparing whole series at once. */
export function series(samples: Sample[], name: string): Record<string, number> {
  return Object.fromEntries(
    samples
      .filter((sample) => sample.name === name)
      .map((sample) => [
        Object.entries(sample.labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(','),
        sample.value,
      ]),
  )
}
