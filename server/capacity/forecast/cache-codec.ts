// The engine cache as text, so the server can keep it across restarts: a
// cold start refits every series (seconds of CPU for a large estate), a
// restored cache refits only what changed while the server was down. Pure:
// strings in and out; the caller decides where the text lives. Entries that
// do not validate are dropped (and refitted) with the reason, never trusted.
import { z } from 'zod'
import type { CachedSeries, EngineCache } from './series-types.ts'
import type { Maybe } from './types.ts'
import { forecastModels, type ForecastModel } from './forecast.ts'
import type { PortfolioModel } from './selection/variants.ts'
import { candidateNames } from './models/model-types.ts'

const FORMAT = 'headroom-engine-cache'
// 2: portfolio models, trend flag, the selection carried between refits, back-test origins.
// 3: arima; the combination is the mean of every candidate, so version-2 selections are re-made.
// 4: the combination weights each model family equally, so version-3 selections (and their bands) are re-made.
// 5: forecasts carry their day-to-day noise (noise90) for first-crossing breach dates.
const VERSION = 5

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
  days: z.array(z.strictObject({ date: day, p50: z.number(), p90: z.number() })),
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

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  series: z.array(z.tuple([z.string(), z.unknown()])),
})

/** JSON text of the cache; non-finite numbers become null and fail validation on restore, so they are refitted. */
export function serialiseEngineCache(cache: EngineCache): string {
  return JSON.stringify({ format: FORMAT, version: VERSION, series: [...cache.series] })
}

/**
 * The same text as serialiseEngineCache(), one series at a time, so a
 * caller holding thousands of series can write it out without holding its
 * event loop for the whole cache.
 */
export function* engineCacheText(cache: EngineCache): Generator<string, void> {
  yield `{"format":${JSON.stringify(FORMAT)},"version":${VERSION},"series":[`
  let first = true
  for (const entry of cache.series) {
    yield (first ? '' : ',') + JSON.stringify(entry)
    first = false
  }
  yield ']}'
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

/** The cache back from serialiseEngineCache() text; `source` names the text in errors (e.g. the file path). */
export function restoreEngineCache(text: string, source = 'engine cache'): Maybe<RestoredCache> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return { ok: false, reason: `${source}: not JSON (${err instanceof Error ? err.message : String(err)})` }
  }
  const file = fileSchema.safeParse(raw)
  if (!file.success) return { ok: false, reason: `${source}: ${issueText(file.error)} (expected ${FORMAT} version ${VERSION})` }
  const series = new Map<string, CachedSeries>()
  const dropped: RestoredCache['dropped'] = []
  file.data.series.forEach(([key, value], i) => {
    const entry = entrySchema.safeParse(value)
    if (entry.success) series.set(key, entry.data)
    else dropped.push({ key, reason: `${source}: series[${i}] (${key}).${issueText(entry.error)}` })
  })
  return { ok: true, value: { cache: { series }, dropped } }
}
