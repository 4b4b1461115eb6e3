// Unit normalisation declared per mapping (`unit: bytes`, `as: Mbit/s`).
// Sources report in whatever they like (octets, ms, percent); the estate
// declares each metric in one unit and the breakpoint is in that unit, so
// a silent factor of 8 or 1000 would move a breakpoint date by months.
// Hence: a small closed table, compound "X/time" rates, and a loud error
// naming the unit when it is unknown or of the wrong kind.

type Dimension = 'data' | 'time' | 'count' | 'ratio'

interface UnitDef {
  dimension: Dimension
  /** Multiply by this to get the dimension's base unit (bit, second, 1, 1). */
  factor: number
}

const data: Record<string, number> = {
  bit: 1,
  bits: 1,
  kbit: 1e3,
  Mbit: 1e6,
  Gbit: 1e9,
  Tbit: 1e12,
  byte: 8,
  bytes: 8,
  B: 8,
  octet: 8,
  octets: 8,
  kB: 8e3,
  KB: 8e3,
  MB: 8e6,
  GB: 8e9,
  TB: 8e12,
  KiB: 8 * 1024,
  MiB: 8 * 1024 ** 2,
  GiB: 8 * 1024 ** 3,
  TiB: 8 * 1024 ** 4,
}

const time: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
}

// Count nouns are all the same dimension: the noun documents what is
// counted, the factor is 1. "k" prefixes cover licence and hub counts.
const countNouns = [
  'count',
  '1',
  'each',
  'ops',
  'requests',
  'req',
  'sessions',
  'connections',
  'messages',
  'msgs',
  'transactions',
  'packets',
  'pkts',
  'events',
  'errors',
  'hubs',
  'meters',
  'devices',
  'installs',
  'files',
  'pushes',
  'licences',
  'users',
  'calls',
  'records',
]

const ratio: Record<string, number> = { ratio: 1, fraction: 1, percent: 0.01, '%': 0.01 }

/** Shorthand rate spellings people use in vendor docs and dashboards. */
const rateAliases: Record<string, string> = {
  bps: 'bit/s',
  kbps: 'kbit/s',
  Mbps: 'Mbit/s',
  Gbps: 'Gbit/s',
  Bps: 'B/s',
  pps: 'packets/s',
  tps: 'transactions/s',
  rps: 'requests/s',
  iops: 'ops/s',
}

const simple = new Map<string, UnitDef>()
for (const [name, factor] of Object.entries(data)) simple.set(name, { dimension: 'data', factor })
for (const [name, factor] of Object.entries(time)) simple.set(name, { dimension: 'time', factor })
for (const name of countNouns) simple.set(name, { dimension: 'count', factor: 1 })
for (const [name, factor] of Object.entries(ratio)) simple.set(name, { dimension: 'ratio', factor })

/** A parsed unit: a quantity, optionally per a time unit. */
interface ParsedUnit {
  text: string
  quantity: UnitDef
  /** Seconds in the denominator's time unit, or null when not a rate. */
  perSeconds: number | null
}

export class UnitError extends Error {
  override name = 'UnitError'
}

const knownHint =
  'known units: bit, kbit, Mbit, Gbit, B/bytes/octets, kB, MB, GB, KiB, MiB, GiB, ns, us, ms, s, min, h, d, ' +
  'count (or a noun like sessions, requests), percent/%, ratio, and any of them per time ("Mbit/s", "requests/min", "bps")'

function parseUnit(text: string): ParsedUnit {
  const trimmed = text.trim()
  const expanded = rateAliases[trimmed] ?? trimmed
  const [num, den, extra] = expanded.split('/').map((part) => part.trim())
  if (num === undefined || extra !== undefined) throw new UnitError(`unknown unit '${text}' (${knownHint})`)
  const quantity = simple.get(num)
  if (!quantity) throw new UnitError(`unknown unit '${text}' (${knownHint})`)
  if (den === undefined) return { text, quantity, perSeconds: null }
  const per = simple.get(den)
  if (!per || per.dimension !== 'time') {
    throw new UnitError(`unknown unit '${text}': '${den}' after '/' must be a time unit (s, min, h, d)`)
  }
  return { text, quantity, perSeconds: per.factor }
}

function describe(u: ParsedUnit): string {
  return u.perSeconds === null ? u.quantity.dimension : `${u.quantity.dimension} per time`
}

export interface ConverterOptions {
  /**
   * The source value is a counter that was turned into a per-second rate
   * (collectors/rates.ts), so `bytes` arrives as bytes/s.
   */
  rated?: boolean
}

/**
 * A function converting values from one unit to another, built once per
 * mapping. Throws UnitError naming the unit when either is unknown or they
 * measure different things.
 */
export function createUnitConverter(from: string, to: string, options: ConverterOptions = {}): (value: number) => number {
  const source = parseUnit(from)
  const target = parseUnit(to)
  if (options.rated) {
    if (source.perSeconds !== null) {
      throw new UnitError(
        `unit '${from}' is already a rate; a counter's unit is the counted quantity (e.g. 'bytes', not 'bytes/s')`,
      )
    }
    source.perSeconds = 1
  }
  if (source.quantity.dimension !== target.quantity.dimension || (source.perSeconds === null) !== (target.perSeconds === null)) {
    const hint = options.rated ? ' (the counter was turned into a per-second rate)' : ''
    throw new UnitError(`cannot convert '${from}' (${describe(source)}) to '${to}' (${describe(target)})${hint}`)
  }
  let factor = source.quantity.factor / target.quantity.factor
  if (source.perSeconds !== null && target.perSeconds !== null) factor *= target.perSeconds / source.perSeconds
  if (factor === 1) return (value) => value
  return (value) => value * factor
}

/** One-off conversion; prefer createUnitConverter() in a collection loop. */
export function convertUnit(value: number, from: string, to: string, options: ConverterOptions = {}): number {
  return createUnitConverter(from, to, options)(value)
}

/**
 * The problem with a declared conversion as a sentence, or null when it is
 * fine. For config schemas (zod superRefine) so `headroom validate` reports
 * it with the mapping's path instead of failing at the first collection.
 */
export function checkUnitConversion(from: string, to: string, options: ConverterOptions = {}): string | null {
  try {
    createUnitConverter(from, to, options)
    return null
  } catch (err) {
    if (err instanceof UnitError) return err.message
    throw err
  }
}

/** True when the text is a unit this module understands. */
export function isKnownUnit(text: string): boolean {
  try {
    parseUnit(text)
    return true
  } catch {
    return false
  }
}
