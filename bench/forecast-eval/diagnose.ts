// `npm run eval:forecast -- --diagnose`: why Headroom chose what it chose.
// For every series, each variant's rolling back-test MASE (what the choice
// saw, on the training days only) beside its HP2 MASE on the 14 held-out
// days (what the choice was judged by), the combination included. A choice
// that loses to one of its members loses because the back-test ranked the
// members differently from the held-out days; this table shows where.
import { naiveScale } from '../../server/capacity/forecast/backtest.ts'
import { defaultForecastOptions, forecastDailyValues } from '../../server/capacity/forecast/forecast.ts'
import { detectWeeklySeasonality } from '../../server/capacity/forecast/seasonality.ts'
import { variantKey, variantPaths } from '../../server/capacity/forecast/selection/variants.ts'
import { combinationPath } from '../../server/capacity/forecast/selection/family-weights.ts'
import type { CandidateName } from '../../server/capacity/forecast/models/model-types.ts'
import type { ForecastBackend } from '../../server/capacity/forecast/types.ts'
import { dateAt, type DailySeries } from './series.ts'

const f3 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3))

/** Markdown rows for one series: every variant with its back-test and HP2 MASE. */
function diagnoseSeries(s: DailySeries, backend: ForecastBackend, test: number): string[] {
  const train = s.values.slice(0, s.values.length - test)
  const actual = s.values.slice(s.values.length - test)
  const scale = naiveScale(train, 7)
  const f = forecastDailyValues(train, dateAt(s, train.length - 1), backend)
  if (!f.ok || scale === null) return [`| ${s.name} | — | — | — | ${f.ok ? 'constant series' : f.reason} |`]
  const hp2 = (p: readonly number[]): number => actual.reduce((a, v, h) => a + Math.abs(v - (p[h] as number)), 0) / test / scale
  const history = train.slice(train.length - f.value.history.days)
  const period = detectWeeklySeasonality(history, backend).periods.length > 0 ? 7 : null
  const { paths } = variantPaths(history, test, period, backend, defaultForecastOptions.bounds)
  const backtested = new Map((f.value.selection?.candidates ?? []).map((c) => [variantKey(c), c.mase]))
  const chosen = variantKey({ model: f.value.model === 'theil-sen' ? 'combination' : f.value.model, trend: f.value.trend })
  const rows: string[] = []
  const row = (key: string, path: readonly number[]): void => {
    rows.push(`| ${s.name} | ${key}${key === chosen ? ' **(chosen)**' : ''} | ${f3(backtested.get(key))} | ${f3(hp2(path))} | |`)
  }
  for (const [key, { variant, path }] of paths) {
    const flat = paths.get(variantKey({ ...variant, trend: false }))?.path
    // A trend form with no trend to keep is its flat form again: one row is enough.
    if (variant.trend && !backtested.has(key) && flat?.every((v, h) => v === path[h])) continue
    row(key, path)
  }
  for (const trend of [false, true]) {
    const members = [...paths.values()].filter((p) => p.variant.trend === trend && p.variant.model !== 'seasonal-naive')
    const models = members.map((p) => ({ model: p.variant.model as CandidateName, family: p.family }))
    if (members.length > 1)
      row(
        variantKey({ model: 'combination', trend }),
        combinationPath(
          models,
          members.map((p) => p.path),
        ),
      )
  }
  rows.push(
    `| ${s.name} | headroom as shown (${f.value.model}${f.value.trend ? ', trend' : ''}) | ${f3(f.value.backtest?.mase ?? undefined)} | ${f3(hp2([...f.value.band.p50]))} | ${f.value.selection?.reason ?? f.value.explanation} |`,
  )
  return rows
}

export function diagnoseTable(series: readonly DailySeries[], backend: ForecastBackend, test = 14): string {
  const out = ['| series | variant | back-test MASE | HP2 MASE | why |', '| --- | --- | --- | --- | --- |']
  for (const s of series) out.push(...diagnoseSeries(s, backend, test))
  return out.join('\n')
}
