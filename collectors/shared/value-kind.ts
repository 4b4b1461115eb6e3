// Per-mapping value declarations for the plugins that read numbers someone
// else produced (prometheus, influxql, http-json): whether the number is a
// gauge or a monotonic counter to be turned into a per-second rate, and the
// unit it arrives in versus the unit the estate stores. Same keys and
// meaning as the snmp plugin's mappings (`type`, `unit`, `as`), so one
// collectors.yaml reads the same whatever the source. Counter state lives in
// the plugin per collector id, because one plugin object serves every
// collector of its type.
import { z } from 'zod'
import type { Sample } from '../types.ts'
import { RateTracker, seriesKey, type CounterWidth } from '../rates.ts'
import { checkUnitConversion, createUnitConverter } from '../units.ts'

/** Spread into a mapping's strictObject; check with withValueKind(). */
export const valueKindShape = {
  /** gauge: the value as read. counter: a monotonic total, stored as its per-second rate. */
  type: z.enum(['gauge', 'counter']).default('gauge'),
  /** Counters that wrap (raw SNMP Counter32/64 written by Telegraf): 32 or 64 bits. Default: a decrease is a reset. */
  counterWidth: z.union([z.literal(32), z.literal(64)]).optional(),
  /** Unit the source reports in (for counters: the counted unit, e.g. "bytes"). */
  unit: z.string().min(1).optional(),
  /** Unit to store, e.g. "Mbit/s"; needs `unit`. */
  as: z.string().min(1).optional(),
}

export interface ValueKind {
  type: 'gauge' | 'counter'
  counterWidth?: 32 | 64 | undefined
  unit?: string | undefined
  as?: string | undefined
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/**
 * Adds the unit and counter rules to a mapping schema. Runs whenever the
 * mapping is an object, even when other keys failed, so `headroom validate`
 * shows a bad unit pair together with every other problem.
 */
export function withValueKind<S extends z.ZodType>(schema: S): S {
  return schema.superRefine(
    (value: unknown, ctx) => {
      const m = value as Record<string, unknown>
      const unit = text(m.unit)
      const as = text(m.as)
      const counter = m.type === 'counter'
      if ((m.unit === undefined) !== (m.as === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [m.unit === undefined ? 'unit' : 'as'],
          message: 'set both unit and as, or neither',
        })
      } else if (unit !== undefined && as !== undefined) {
        const problem = checkUnitConversion(unit, as, { rated: counter })
        if (problem !== null) ctx.addIssue({ code: 'custom', path: ['as'], message: problem })
      }
      if (m.counterWidth !== undefined && !counter) {
        ctx.addIssue({ code: 'custom', path: ['counterWidth'], message: 'counterWidth only applies with type: counter' })
      }
    },
    { when: (p) => typeof p.value === 'object' && p.value !== null },
  ) as S
}

const converters = new Map<string, (value: number) => number>()

/** Built once per (unit, as, rated): parsing units for every sample would be waste. */
function converterFor(kind: ValueKind): ((value: number) => number) | null {
  if (kind.unit === undefined || kind.as === undefined) return null
  const rated = kind.type === 'counter'
  const key = `${kind.unit}\u0000${kind.as}\u0000${rated}`
  let convert = converters.get(key)
  if (!convert) {
    convert = createUnitConverter(kind.unit, kind.as, { rated })
    converters.set(key, convert)
  }
  return convert
}

export interface Normalised {
  samples: Sample[]
  /** Sentences for the collector's health, e.g. two series that share a key. */
  problems: string[]
  /** Counter resets seen (restart, or a decrease), for a debug log line. */
  resets: string[]
}

/**
 * Applies a mapping's declarations to the samples it produced: counters
 * become per-second rates (first reading and resets yield nothing), then
 * units are converted. `mapping` names the mapping (its position and
 * app/metric) so two mappings never share a counter baseline; the sample
 * tags tell the series of one mapping apart.
 */
export function normaliseSamples(
  samples: readonly Sample[],
  kind: ValueKind,
  tracker: RateTracker,
  mapping: readonly string[],
): Normalised {
  const out: Normalised = { samples: [], problems: [], resets: [] }
  const convert = converterFor(kind)
  if (kind.type === 'gauge') {
    out.samples = convert ? samples.map((s) => ({ ...s, value: convert(s.value) })) : [...samples]
    return out
  }
  const width: CounterWidth = kind.counterWidth ?? 'none'
  const seen = new Set<string>()
  // Oldest first, so rows returned newest-first still make forward differences.
  const ordered = [...samples].sort((a, b) => a.at.getTime() - b.at.getTime())
  for (const s of ordered) {
    const key = seriesKey(mapping, s.tags)
    const instant = `${key}\u0000${s.at.getTime()}`
    if (seen.has(instant)) {
      const tags = JSON.stringify(s.tags ?? {})
      out.problems.push(`counter ${s.app}/${s.metric}: several series have the tags ${tags}; add tags that tell them apart`)
      continue
    }
    seen.add(instant)
    const result = tracker.update(key, s.value, s.at, width)
    if (result.kind === 'reset') out.resets.push(`${s.app}/${s.metric} ${JSON.stringify(s.tags ?? {})}: ${result.reason}`)
    if (result.kind !== 'rate') continue
    out.samples.push({ ...s, value: convert ? convert(result.rate) : result.rate })
  }
  return out
}

/** Baselines not updated for this long (a series gone for good) are dropped. */
const FORGET_AFTER_MS = 6 * 60 * 60 * 1000

/** One RateTracker per collector id, held by a plugin module. */
export class CounterState {
  private readonly trackers = new Map<string, RateTracker>()

  /** The tracker of collector `id`, after dropping its long-unseen baselines. */
  trackerFor(id: string, now: Date): RateTracker {
    let tracker = this.trackers.get(id)
    if (!tracker) {
      tracker = new RateTracker()
      this.trackers.set(id, tracker)
    }
    tracker.prune(new Date(now.getTime() - FORGET_AFTER_MS))
    return tracker
  }

  clear(): void {
    this.trackers.clear()
  }
}
