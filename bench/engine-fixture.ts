// Synthetic estate and series for bench/engine.ts, plus its raw baseline and
// timers. No run() export, so bench/run.ts skips this module.
import { DAY_MS, HOUR_MS, type Bucket } from '../server/capacity/forecast/types.ts'
import { estateSchema } from '../server/config/schema.ts'

export const APPS = 50
export const PER_APP = 20
export const METRICS = APPS * PER_APP
export const DAYS = 90
export const now = new Date('2025-03-01T12:00:00Z')
const dayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS

/** Deterministic hourly buckets: evening peak, weekend dip, per-metric trend and noise; `bump` shifts the last completed day. */
export function buckets(m: number, bump = 0, extraDays = 0): Bucket[] {
  const out: Bucket[] = []
  const start = dayStart - DAYS * DAY_MS
  for (let h = 0; h < (DAYS + extraDays) * 24 + 12; h++) {
    const day = Math.floor(h / 24)
    const hour = h % 24
    const daily = Math.exp(-((hour - 18) ** 2) / 8)
    const weekly = (day + m) % 7 >= 5 ? 0.7 : 1
    const mean = (100 + (m % 50) + day * (0.2 + (m % 10) / 10)) * (0.4 + 0.6 * daily) * weekly + Math.sin(h * 12.9898 + m) * 4
    out.push({
      at: start + h * HOUR_MS,
      mean,
      max: mean * 1.1 + Math.abs(Math.sin(h * 78.233 + m)) * 5 + (day === DAYS - 1 ? bump : 0),
    })
  }
  return out
}

export function estate() {
  const applications = Array.from({ length: APPS }, (_, a) => ({
    id: `app${a}`,
    name: `App ${a}`,
    metrics: Array.from({ length: PER_APP }, (_, j) => {
      const m = a * PER_APP + j
      return {
        id: `m${j}`,
        name: `Metric ${m}`,
        kind: 'throughput',
        unit: 'tps',
        limits: [
          {
            name: 'licence',
            value: 250 + (m % 40) * 5,
            evidence: { source: m % 3 ? 'vendor' : 'perf-test', date: m % 5 ? '2024-09-01' : '2023-01-01' },
          },
        ],
        leadTimeDays: 60,
        upgrades: m % 4 ? [{ name: 'node', adds: 100, leadTimeDays: 45 + (m % 30), cost: 1000 + m }] : [],
      }
    }),
  }))
  const chains = Array.from({ length: 20 }, (_, c) => ({
    id: `chain${c}`,
    name: `Chain ${c}`,
    steps: Array.from({ length: 5 }, (_, s) => ({
      app: `app${(c + s * 7) % APPS}`,
      metric: `m${(c + s) % PER_APP}`,
      fanOut: 1 + s,
    })),
  }))
  return estateSchema.parse({ name: 'bench', applications, chains, drivers: [] })
}

/** The raw baseline: daily max with a plain loop, then "same as last week" for 180 days and a breach scan. */
export function rawBaseline(all: readonly Bucket[][], breakpoints: readonly number[]): number {
  let breaches = 0
  const today = Math.floor(dayStart / DAY_MS)
  all.forEach((series, i) => {
    const first = Math.floor((series[0]?.at as number) / DAY_MS)
    const peaks = new Float64Array(Math.max(0, today - first)).fill(-Infinity)
    for (const b of series) {
      const d = Math.floor((b.at as number) / DAY_MS)
      if (d < today && b.max > (peaks[d - first] as number)) peaks[d - first] = b.max
    }
    const week = peaks.subarray(peaks.length - 7)
    for (let h = 0; h < 180; h++)
      if ((week[h % 7] as number) >= (breakpoints[i] as number)) {
        breaches++
        break
      }
  })
  return breaches
}

export async function timedAsync<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await f()
  const c = process.cpuUsage(c0)
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }
}

export function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = f()
  const c = process.cpuUsage(c0)
  return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }
}
