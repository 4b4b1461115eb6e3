// Durations in plugin config use the same text form as collectors.yaml
// ("5s", "500ms"), so operators learn one syntax.
import { z } from 'zod'

export const durationText = z.string().regex(/^\d+(ms|s|m|h)$/, 'expected a duration like "10s", "500ms", "5m" or "1h"')

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** "5s" -> 5000. The schema has already checked the shape. */
export function parseDurationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text)
  if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`not a duration: ${text}`)
  return Number(m[1]) * (unitMs[m[2]] ?? 1)
}

/** 5000 -> "5s", 1500 -> "1500ms": for error messages people read. */
export function formatDurationMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`
}
