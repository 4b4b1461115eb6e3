// Reads the history a peak profile needs (complete local days, one bucket
// per profile slot) and hands it to the pure peakProfile(). The parameters
// are checked here so every error names the query parameter at fault.
import { peakProfile } from '../capacity/demand/peak-profile.ts'
import type { PeakProfileResponse } from './responses.ts'
import { HttpError } from '../request-error.ts'
import { NOT_LIVE_KEYS } from '../runtime/load-tags.ts'
import { checkMetric, optionalQuery, type EngineApiDeps } from './view-deps.ts'

const DAY_MS = 86_400_000
export const MAX_PROFILE_DAYS = 90

export interface PeakProfileQuery {
  driver?: unknown
  app?: unknown
  metric?: unknown
  window?: unknown
  days?: unknown
}

function wholeNumber(raw: string | null, name: string, min: number, max: number, fallback: number): number {
  if (raw === null) return fallback
  if (!/^\d+$/.test(raw)) throw new HttpError(400, `query parameter ${name} must be a whole number; got "${raw}"`)
  const n = Number(raw)
  if (n < min || n > max) throw new HttpError(400, `query parameter ${name} must be ${min}..${max}; got ${n}`)
  return n
}

export async function buildPeakProfile(deps: EngineApiDeps, q: PeakProfileQuery): Promise<PeakProfileResponse> {
  const settings = deps.engineFile().settings
  const driver = optionalQuery(q.driver, 'driver')
  const app = optionalQuery(q.app, 'app')
  const metric = optionalQuery(q.metric, 'metric')
  if (driver !== null && (app !== null || metric !== null))
    throw new HttpError(400, 'query parameters: give either driver= or app= and metric=, not both')
  if (driver === null && app === null) throw new HttpError(400, 'query parameter driver (or app and metric) is required')
  if (driver === null && metric === null) throw new HttpError(400, 'query parameter metric is required with app')
  const seriesApp = driver !== null ? 'drivers' : (app as string)
  const seriesMetric = driver ?? (metric as string)
  if (driver !== null && !deps.estate().drivers.some((d) => d.id === driver)) {
    throw new HttpError(
      404,
      `query parameter driver: unknown driver "${driver}"; known: ${deps
        .estate()
        .drivers.map((d) => d.id)
        .join(', ')}`,
    )
  }
  const { unit } = checkMetric(deps.estate(), seriesApp, seriesMetric)
  const slotMinutes = settings.peakProfile.slotMinutes
  const windowMinutes = wholeNumber(
    optionalQuery(q.window, 'window'),
    'window',
    slotMinutes,
    1440,
    settings.peakProfile.windowMinutes,
  )
  if (windowMinutes % slotMinutes !== 0)
    throw new HttpError(400, `query parameter window must be a multiple of the ${slotMinutes}-minute slot; got ${windowMinutes}`)
  const days = wholeNumber(optionalQuery(q.days, 'days'), 'days', 1, MAX_PROFILE_DAYS, 28)
  const offsetMs = settings.peak.utcOffsetMinutes * 60_000
  const now = deps.now?.() ?? new Date()
  // Whole local days only, ending at the start of today: a half day would skew the shape.
  const to = new Date(Math.floor((now.getTime() + offsetMs) / DAY_MS) * DAY_MS - offsetMs)
  const from = new Date(to.getTime() - days * DAY_MS)
  const buckets = await deps.store.range({
    app: seriesApp,
    metric: seriesMetric,
    from,
    to,
    stepMs: slotMinutes * 60_000,
    excludeTagKeys: NOT_LIVE_KEYS,
  })
  const profile = peakProfile(
    buckets.map((b) => ({ at: b.at, value: b.mean })),
    { slotMinutes, windowMinutes, utcOffsetMinutes: settings.peak.utcOffsetMinutes },
  )
  if (!profile.ok)
    throw new HttpError(
      404,
      `no peak profile for ${seriesApp}/${seriesMetric} between ${from.toISOString()} and ${to.toISOString()}: ${profile.reason}`,
    )
  return {
    subject: driver !== null ? { kind: 'driver', driver } : { kind: 'metric', app: seriesApp, metric: seriesMetric },
    unit,
    from: from.toISOString(),
    to: to.toISOString(),
    windowMinutes,
    profile: profile.value,
  }
}
