/**
 * What the benchmark reads of other processes, from Linux's /proc: CPU time and memory. Both
 * return undefined where /proc is not available (the benchmark then reports no CPU or RSS).
 */
import { readFileSync } from 'node:fs'

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux build in use). */
const ticksPerSecond = 100

/** User + system CPU time of a whole process (every thread), in ms; 10 ms resolution. */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const user = Number(fields[11])
    const system = Number(fields[12])
    return ((user + system) * 1000) / ticksPerSecond
  } catch {
    return undefined
  }
}

export interface Memory {
  /** Resident set size now, MiB. */
  rssMiB: number
  /** The peak resident set size since the process started (VmHWM), MiB. */
  peakMiB: number
}

export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
    const rss = kib('VmRSS')
    const peak = kib('VmHWM')
    if (Number.isNaN(rss) || Number.isNaN(peak)) return undefined
    return { rssMiB: rss / 1024, peakMiB: peak / 1024 }
  } catch {
    return undefined
  }
}
