// Durations as Prometheus writes them: "30s", "5m", "1h30m", "2d", "1w".

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export const DURATION_PATTERN = /^(\d+(ms|s|m|h|d|w))+$/
export const DURATION_HINT = 'expected a duration like "30s", "5m", "1h30m" or "2d"'

/** Milliseconds of a duration text; throws for text that does not match DURATION_PATTERN. */
export function parseDuration(text: string): number {
  if (!DURATION_PATTERN.test(text)) throw new Error(`not a duration: "${text}" (${DURATION_HINT})`)
  let total = 0
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 0)
  return total
}

/** "5m", "1h 30m", "2d" for a person; the largest two units. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const parts: string[] = []
  let rest = Math.round(ms / 1000)
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size)
    if (n > 0) parts.push(`${n}${unit}`)
    rest -= n * size
  }
  return parts.slice(0, 2).join(' ')
}
