// The engine cache as text, so the server can keep it across restarts: a
// cold start refits every series (seconds of CPU for a large estate), a
// restored cache refits only what changed while the server was down. Pure:
// strings in and out; the caller decides where the text lives. Entries that
// do not validate are dropped (and refitted) with the reason, never trusted.
import { z } from 'zod'
import type { CachedSeries, EngineCache } from './series-types.ts'
import type { Maybe } from './types.ts'
import { forecastModels, settleArrivedForecast, type ForecastModel } from './forecast.ts'
import type { PortfolioModel } from './selection/variants.ts'
import { candidateNames } from './models/model-types.ts'
import { runSteps } from '../steps.ts'

const FORMAT = 'headroom-engine-cache'
// 2: portfolio models, trend flag, the selection carried between refits, back-test origins.
// 3: arima; the combination is the mean of every candidate, so version-2 selections are re-made.
// 4: the combination weights each model family equally, so version-3 selections (and their bands) are re-made.
// 5: forecasts carry their day-to-day noise (noise90) for first-crossing breach dates.
// 6: the forecast's days are a band of three columns (forecast-band.ts), not an object per day.
const VERSION = 6

const maybe = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), value }),
    z.strictObject({ ok: z.literal(false), reason: z.string() }),
  ])

const backtestSchema = z.strictObject({
  holdoutDays: z.number(),
  mase: z.number().nullable(),
  naiveMase: z.number().nullable(),
  p90Coverage: z.number(),
  origins: z.number().int(),
})

const variantSchema = {
  model: z.enum(forecastModels.filter((m) => m !== 'theil-sen') as [PortfolioModel, ...PortfolioModel[]]),
  trend: z.boolean(),
}

const selectionSchema = z.strictObject({
  variant: z.strictObject(variantSchema),
  members: z.array(z.enum(candidateNames)),
  offsets: z.array(z.number()),
  backtest: backtestSchema,
  candidates: z.array(z.strictObject({ ...variantSchema, mase: z.number() })),
  reason: z.string(),
})

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like "2025-06-30"')

const forecastSchema = z.strictObject({
  model: z.enum(forecastModels as [ForecastModel, ...ForecastModel[]]),
  trend: z.boolean(),
  periods: z.array(z.number()),
  explanation: z.string(),
  history: z.strictObject({ from: day, to: day, days: z.number().int(), imputedDays: z.number().int() }),
  levelShift: z.strictObject({ date: day, before: z.number(), after: z.number() }).nullable(),
  band: z
    .strictObject({ dates: z.array(day), p50: z.array(z.number()), p90: z.array(z.number()) })
    .refine((b) => b.p50.length === b.dates.length && b.p90.length === b.dates.length, {
      message: 'expected as many P50 and P90 values as dates',
    }),
  noise90: z.number().nonnegative(),
  backtest: backtestSchema.nullable(),
  selection: selectionSchema.nullable(),
})

const entrySchema = z.strictObject({
  version: z.number().nullable(),
  day: z.number().int(),
  fingerprint: z.string(),
  forecast: maybe(forecastSchema),
  fitted: z.array(z.number()),
  maxPeak: z.number().nullable(),
  backtest: maybe(backtestSchema).nullable(),
  backtestAsOf: day.nullable(),
  provisional: z.boolean(),
})

const pairSchema = z.tuple([z.string(), z.unknown()])

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  series: z.array(pairSchema),
})

/**
 * JSON text of the cache, one series per line (see engineCacheText()); non-finite numbers become
 * null and fail validation on restore, so they are refitted.
 */
export function serialiseEngineCache(cache: EngineCache): string {
  return [...engineCacheText(cache)].join('')
}

const header = (): string => `{"format":${JSON.stringify(FORMAT)},"version":${VERSION},"series":[`

/**
 * The same text as serialiseEngineCache(), one series at a time, so a
 * caller holding thousands of series can write it out without holding its
 * event loop for the whole cache. Each series is a line of its own, so a
 * restore can read them one at a time too (restoreEngineCacheInSteps).
 */
export function* engineCacheText(cache: EngineCache): Generator<string, void> {
  yield `${header()}\n`
  let first = true
  for (const entry of cache.series) {
    yield `${first ? '' : ','}${JSON.stringify(entry)}\n`
    first = false
  }
  yield ']}\n'
}

export interface RestoredCache {
  cache: EngineCache
  /** Entries left out, each with the field at fault; they are simply refitted. */
  dropped: { key: string; reason: string }[]
}

function issueText(error: z.ZodError): string {
  const first = error.issues[0]
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'
}

interface Restoring {
  series: Map<string, CachedSeries>
  dropped: RestoredCache['dropped']
}

function restoredEntry(key: string, value: unknown, i: number, source: string, into: Restoring): void {
  const entry = entrySchema.safeParse(value)
  if (!entry.success) return void into.dropped.push({ key, reason: `${source}: series[${i}] (${key}).${issueText(entry.error)}` })
  settleArrivedForecast(entry.data.forecast)
  into.series.set(key, entry.data)
}

function fileCheck(raw: unknown, source: string): Maybe<z.infer<typeof fileSchema>> {
  const file = fileSchema.safeParse(raw)
  if (!file.success) return { ok: false, reason: `${source}: ${issueText(file.error)} (expected ${FORMAT} version ${VERSION})` }
  return { ok: true, value: file.data }
}

function notJson(err: unknown, source: string): { ok: false; reason: string } {
  return { ok: false, reason: `${source}: not JSON (${err instanceof Error ? err.message : String(err)})` }
}

/** The whole text parsed at once: for a cache not in the one-series-per-line layout (hand-edited, say). */
function restoreWhole(text: string, source: string): Maybe<RestoredCache> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return notJson(err, source)
  }
  const file = fileCheck(raw, source)
  if (!file.ok) return file
  const out: Restoring = { series: new Map(), dropped: [] }
  file.value.series.forEach(([key, value], i) => restoredEntry(key, value, i, source, out))
  return { ok: true, value: { cache: { series: out.series }, dropped: out.dropped } }
}

/**
 * The cache back from serialiseEngineCache() text, a series per step: the generator yields after
 * each one, so a caller restoring tens of thousands can give its event loop a turn between them
 * (a whole 20 MB cache parsed and validated at once held it for 160 ms at 1 000 metrics).
 * `source` names the text in errors (e.g. the file path).
 */
export function* restoreEngineCacheInSteps(
  text: string | Iterable<string>,
  source = 'engine cache',
): Generator<void, Maybe<RestoredCache>, void> {
  const lines = (typeof text === 'string' ? linesOf(text) : text)[Symbol.iterator]()
  const first = lines.next()
  const firstLine = first.done ? '' : first.value
  if (!firstLine.endsWith('"series":[')) return restoreWhole(typeof text === 'string' ? text : rejoin(firstLine, lines), source)
  let head: unknown
  try {
    head = JSON.parse(`${firstLine}]}`)
  } catch (err) {
    return notJson(err, source)
  }
  const file = fileCheck(head, source)
  if (!file.ok) return file
  const out: Restoring = { series: new Map(), dropped: [] }
  for (let i = 0; ; i++) {
    const next = lines.next()
    const line = next.done ? '' : next.value.trim()
    if (line === ']}') {
      for (let rest = lines.next(); !rest.done; rest = lines.next())
        if (rest.value.trim() !== '') return notJson('text after the end', source)
      return { ok: true, value: { cache: { series: out.series }, dropped: out.dropped } }
    }
    if (line === '') return notJson(`ends after series[${i - 1}] (truncated?)`, source)
    // A damaged line costs that series only (it is refitted), not the whole cache.
    let pair: unknown
    try {
      pair = JSON.parse(i === 0 ? line : line.replace(/^,/, ''))
    } catch (err) {
      pair = err instanceof Error ? err.message : String(err)
    }
    const checked = pairSchema.safeParse(pair)
    if (checked.success) restoredEntry(checked.data[0], checked.data[1], i, source, out)
    else
      out.dropped.push({
        key: `series[${i}]`,
        reason: `${source}: series[${i}] (line ${i + 2}): ${typeof pair === 'string' ? `not JSON (${pair})` : issueText(checked.error)}`,
      })
    yield
  }
}

/** The text's lines (split on "\n"), one at a time. */
function* linesOf(text: string): Generator<string, void> {
  let at = 0
  for (;;) {
    const end = text.indexOf('\n', at)
    if (end < 0) return void (yield text.slice(at))
    yield text.slice(at, end)
    at = end + 1
  }
}

/** A text given as lines, whole again (the not-line-by-line layout is parsed at once). */
function rejoin(first: string, rest: Iterator<string>): string {
  const all = [first]
  for (let r = rest.next(); !r.done; r = rest.next()) all.push(r.value)
  return all.join('\n')
}

/** The cache back from serialiseEngineCache() text, all at once; `source` names the text in errors. */
export function restoreEngineCache(text: string, source = 'engine cache'): Maybe<RestoredCache> {
  return runSteps(restoreEngineCacheInSteps(text, source))
}
