// The capacity report as of a chosen day: the estate's RAG, the top risks
// with their dates, the upgrades to order and their slack, forecast accuracy
// per driver, limits to re-test, and each flow driver's peak profile of the
// month with its share of daily volume. As of today it reads the live
// engine result; as of an earlier day it runs the engine over the history
// up to the end of that day (runtime/engine-as-of.ts), so the report says
// what was known then.
import { upgradeDecisionsOf } from '../capacity/planning/upgrade-decisions.ts'
import { mergeEngineResult } from '../capacity/snapshot/snapshot-merge.ts'
import type { EngineResult } from '../capacity/snapshot/engine-result.ts'
import type { CapacitySnapshot, MetricStatus, Rag } from '../capacity/snapshot/types.ts'
import { HttpError } from '../request-error.ts'
import { engineAsOf } from '../runtime/engine-as-of.ts'
import { actualsRule, gatherFeedback } from './feedback.ts'
import { buildPeakProfile } from './peak-profile.ts'
import type { ReportPeakProfile, ReportResponse } from './report-types.ts'
import type { EngineApiDeps } from './view-deps.ts'

const DAY_MS = 86_400_000
/** The peak profile of "the month": the 30 whole days before the report's end. */
const PROFILE_DAYS = 30
const TOP_RISKS = 10

export interface ReportDeps extends EngineApiDeps {
  estateName: () => string
}

/** The end of the report's day (next midnight UTC), or now when the day is today. */
export function reportMoment(asOf: string | null, now: Date): { day: string; at: Date; live: boolean } {
  const today = now.toISOString().slice(0, 10)
  if (asOf === null || asOf === today) return { day: today, at: now, live: true }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))
    throw new HttpError(400, `query parameter asOf must be a date like 2026-11-30; got "${asOf}"`)
  if (asOf > today) throw new HttpError(400, `query parameter asOf must not be after today (${today}); got ${asOf}`)
  return { day: asOf, at: new Date(Date.parse(`${asOf}T00:00:00Z`) + DAY_MS), live: false }
}

function labelOf(snapshot: CapacitySnapshot, key: string): string {
  const [app, metric] = key.split('/')
  const a = snapshot.applications.find((x) => x.id === app)
  const m = a?.metrics.find((x) => x.metric === metric)
  return `${a?.name ?? app} · ${m?.name ?? metric}`
}

function ragSection(merged: CapacitySnapshot): ReportResponse['rag'] {
  const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, unknown: 0 }
  for (const a of merged.applications) counts[a.rag] += 1
  return {
    counts,
    applications: merged.applications.map((a) => ({
      id: a.id,
      name: a.name,
      rag: a.rag,
      reason: a.tightest?.reason ?? 'no data yet',
      tightest: a.tightest
        ? { metric: a.tightest.metric, name: a.tightest.name, peakUtilisation: a.tightest.peakUtilisation }
        : null,
    })),
  }
}

function risksOf(result: EngineResult, merged: CapacitySnapshot): ReportResponse['risks'] {
  const status = new Map<string, MetricStatus>(
    merged.applications.flatMap((a) => a.metrics.map((m) => [`${m.app}/${m.metric}`, m] as const)),
  )
  return result.metrics
    .filter((m) => m.p90Breach !== null)
    .sort((a, b) => (a.p90Breach?.days ?? 0) - (b.p90Breach?.days ?? 0) || (a.slackDays ?? 0) - (b.slackDays ?? 0))
    .slice(0, TOP_RISKS)
    .map((m) => ({
      key: m.key,
      app: m.app,
      metric: m.metric,
      label: labelOf(merged, m.key),
      rag: status.get(m.key)?.rag ?? m.rag,
      peakUtilisation: status.get(m.key)?.peakUtilisation ?? null,
      p50Breach: m.p50Breach?.date ?? null,
      p90Breach: m.p90Breach?.date ?? '',
      orderBy: m.orderBy,
      slackDays: m.slackDays,
    }))
}

function upgradesOf(result: EngineResult, merged: CapacitySnapshot): ReportResponse['upgrades'] {
  const decisions = upgradeDecisionsOf(result)
  const rows = result.upgrades
    .filter((u) => u.p90Breach !== null)
    .map((u) => {
      const key = `${u.app}/${u.metric}`
      const d = decisions.rows[key]
      return {
        rank: u.rank,
        key,
        label: labelOf(merged, key),
        upgrade: u.upgrade?.name ?? null,
        action: d?.action ?? 'planned',
        orderBy: u.orderBy,
        slackDays: u.slackDays,
        leadTimeDays: u.upgrade?.leadTimeDays ?? null,
        cost: u.upgrade?.cost ?? null,
        line: d?.line ?? u.why,
      }
    })
  return { summary: decisions.summary, rows }
}

async function peakProfilesOf(deps: EngineApiDeps): Promise<{ profiles: ReportPeakProfile[]; notes: string[] }> {
  const profiles: ReportPeakProfile[] = []
  const notes: string[] = []
  // Flow drivers only (a rate per hour or second): the shape of a level, such as hubs, says little.
  for (const d of deps.estate().drivers.filter((x) => actualsRule(x).rule.startsWith('sum'))) {
    try {
      const p = await buildPeakProfile(deps, { driver: d.id, days: String(PROFILE_DAYS) })
      profiles.push({
        driver: d.id,
        driverName: d.name,
        unit: d.unit,
        from: p.from.slice(0, 10),
        // The profile's `to` is the exclusive midnight; the report names the last whole day in it.
        to: new Date(Date.parse(p.to) - DAY_MS).toISOString().slice(0, 10),
        dailyVolume: p.profile.dailyVolume,
        peakWindow: p.profile.peakWindow,
        slots: p.profile.slots.map((s) => ({ start: s.start, share: s.share })),
        summary: p.profile.summary,
      })
    } catch (err) {
      notes.push(`no peak profile for ${d.name}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return { profiles, notes }
}

export type ReportMoment = ReturnType<typeof reportMoment>

/** The engine (and `now`) as of the report's moment: the live one for today, a fresh pass over history for a past day. */
export async function reportView(deps: EngineApiDeps, moment: ReportMoment): Promise<EngineApiDeps> {
  if (moment.live) return deps
  const past = await engineAsOf({ store: deps.store, estate: deps.estate(), engine: deps.engineFile() }, moment.at)
  return {
    ...deps,
    now: () => moment.at,
    engine: { current: () => past.result, baseSnapshot: () => past.snapshot, driverLevels: () => past.driverLevels },
  }
}

export async function buildReport(deps: ReportDeps, asOf: string | null): Promise<ReportResponse> {
  const moment = reportMoment(asOf, deps.now?.() ?? new Date())
  return assembleReport(await reportView(deps, moment), moment, deps.estateName())
}

/** The report from an engine view already as of `moment` (the CLI builds its own view). */
export async function assembleReport(view: EngineApiDeps, moment: ReportMoment, estateName: string): Promise<ReportResponse> {
  const result = view.engine.current()
  const base = view.engine.baseSnapshot()
  if (!result || !base)
    throw new HttpError(503, 'The capacity engine has not finished its first run yet; try again in a few seconds.')
  const merged = mergeEngineResult(base, result)
  const feedback = await gatherFeedback(view)
  const names = new Map(view.estate().drivers.map((d) => [d.id, d.name]))
  const profiles = await peakProfilesOf(view)
  return {
    estate: estateName,
    asOf: moment.day,
    generatedAt: new Date().toISOString(),
    live: moment.live,
    rag: ragSection(merged),
    risks: risksOf(result, merged),
    upgrades: upgradesOf(result, merged),
    accuracy: feedback.overall.map((o) => ({
      driver: o.driver,
      driverName: names.get(o.driver) ?? o.driver,
      version: o.version,
      n: o.n,
      mape: o.mape,
      wape: o.wape,
      bias: o.bias,
    })),
    retest: retestOf(result, merged),
    peakProfiles: profiles.profiles,
    notes: [...feedback.notes, ...profiles.notes],
  }
}

function retestOf(result: EngineResult, merged: CapacitySnapshot): ReportResponse['retest'] {
  return [
    ...result.limits.stale.map((s) => ({
      key: `${s.app}/${s.metric}`,
      label: labelOf(merged, `${s.app}/${s.metric}`),
      limit: s.limit,
      why: 'stale evidence' as const,
      reason: s.reason,
    })),
    ...result.limits.contradicted.map((c) => ({
      key: `${c.app}/${c.metric}`,
      label: labelOf(merged, `${c.app}/${c.metric}`),
      limit: c.limit,
      why: 'contradicted by live peaks' as const,
      reason: c.reason,
    })),
  ]
}
