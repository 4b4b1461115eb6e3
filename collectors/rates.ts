// Counters -> rates, shared by every plugin that reads monotonic counters
// (SNMP ifHCInOctets, Prometheus *_total, Telegraf's net bytes_recv...).
// A counter only means something as a difference between two readings, so
// the tracker keeps the previous reading per series. Two things make a
// reading smaller than the one before: the counter wrapped past its width
// (32-bit octet counters wrap in ~34 s at 1 Gbit/s) or the device restarted
// and the counter began again at 0. A wrap is assumed only when it is the
// plausible story (the wrapped difference is under half the counter's range
// and under maxRate); anything else is a reset, and a reset yields no rate
// because when it happened inside the interval is unknown.
//
// Arithmetic is done in bigint: Counter64 values pass 2^53 and a float would
// silently lose the low digits that make up the whole difference.

/** 32 and 64 wrap at 2^32 / 2^64; 'none' (float counters) never wraps, a decrease is a reset. */
export type CounterWidth = 32 | 64 | 'none'

export type RateResult =
  /** Per-second rate since the previous reading; wrapped tells a wrap was unwound. */
  | { kind: 'rate'; rate: number; wrapped: boolean }
  /** First reading of this series: stored as the baseline, no rate yet. */
  | { kind: 'first' }
  /** The counter went back (restart, or an implausible jump): new baseline, no rate. */
  | { kind: 'reset'; reason: string }
  /** Reading not newer than the stored one (duplicate or out of order): ignored. */
  | { kind: 'stale' }

export interface RateTrackerOptions {
  /** Largest believable rate per second; a larger one is treated as a reset. */
  maxRate?: number
}

interface Reading {
  /** bigint for integer counters, number for float counters (Prometheus). */
  value: bigint | number
  atMs: number
  width: CounterWidth
}

const TWO_32 = 2n ** 32n
const TWO_64 = 2n ** 64n

/** Range of a counter of this width, or null when it never wraps. */
function counterRange(width: CounterWidth): bigint | null {
  if (width === 32) return TWO_32
  if (width === 64) return TWO_64
  return null
}

/** A counter value as bigint when it is an integer, else the float as is. */
function normalise(value: number | bigint): bigint | number {
  if (typeof value === 'bigint') return value
  if (!Number.isFinite(value)) throw new RangeError(`counter value must be finite, got ${value}`)
  return Number.isSafeInteger(value) ? BigInt(value) : value
}

/**
 * The increase from prev to next of a counter of the given width, or null
 * when the decrease is better explained by a reset than by a wrap.
 */
export function counterIncrease(
  prev: number | bigint,
  next: number | bigint,
  width: CounterWidth,
): { increase: number; wrapped: boolean } | null {
  const p = normalise(prev)
  const n = normalise(next)
  if (typeof p === 'number' || typeof n === 'number') {
    const diff = Number(n) - Number(p)
    return diff >= 0 ? { increase: diff, wrapped: false } : null
  }
  if (n >= p) return { increase: Number(n - p), wrapped: false }
  const range = counterRange(width)
  if (range === null || p >= range) return null
  const wrappedDiff = range - p + n
  // More than half the range in one interval is not a wrap we could trust.
  if (wrappedDiff > range / 2n) return null
  return { increase: Number(wrappedDiff), wrapped: true }
}

/**
 * Per-series counter state. One tracker per collector instance; key series
 * with seriesKey() so two targets never share a baseline.
 */
export class RateTracker {
  private readonly last = new Map<string, Reading>()
  private readonly maxRate: number

  constructor(options: RateTrackerOptions = {}) {
    this.maxRate = options.maxRate ?? Number.POSITIVE_INFINITY
  }

  /** Feeds one reading; returns the rate since the previous reading of the same key. */
  update(key: string, value: number | bigint, at: Date, width: CounterWidth = 'none'): RateResult {
    const atMs = at.getTime()
    if (!Number.isFinite(atMs)) throw new RangeError(`reading time for ${key} is not a valid date`)
    const reading: Reading = { value: normalise(value), atMs, width }
    const prev = this.last.get(key)
    if (!prev) {
      this.last.set(key, reading)
      return { kind: 'first' }
    }
    if (atMs <= prev.atMs) return { kind: 'stale' }
    this.last.set(key, reading)
    if (prev.width !== width) return { kind: 'reset', reason: `counter width changed from ${prev.width} to ${width}` }
    const step = counterIncrease(prev.value, reading.value, width)
    if (step === null) {
      return { kind: 'reset', reason: `counter went back from ${String(prev.value)} to ${String(reading.value)}` }
    }
    const rate = step.increase / ((atMs - prev.atMs) / 1000)
    if (rate > this.maxRate) {
      return { kind: 'reset', reason: `rate ${rate.toPrecision(4)}/s is above maxRate ${this.maxRate}/s` }
    }
    return { kind: 'rate', rate, wrapped: step.wrapped }
  }

  /** Drops series not read since `before` (a vanished interface must not pin memory). */
  prune(before: Date): number {
    const cutoff = before.getTime()
    let dropped = 0
    for (const [key, reading] of this.last) {
      if (reading.atMs < cutoff) {
        this.last.delete(key)
        dropped++
      }
    }
    return dropped
  }

  forget(key: string): void {
    this.last.delete(key)
  }

  get size(): number {
    return this.last.size
  }
}

/** A stable key for one series: tags sorted so their order never splits a series. */
export function seriesKey(parts: readonly string[], tags: Record<string, string> = {}): string {
  const tagText = Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k] ?? ''}`)
    .join(',')
  return `${parts.join('\u0000')}\u0000${tagText}`
}
