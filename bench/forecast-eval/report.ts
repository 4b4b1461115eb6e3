// Tables for the eval: markdown for bench/README.md, TSV for other tools.
import type { BreakpointTallies } from './breakpoint.ts'
import type { Score } from './methods.ts'

export interface Row {
  series: string
  method: string
  score: Score
}

export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  return Math.exp(xs.reduce((s, x) => s + Math.log(Math.max(x, 1e-12)), 0) / xs.length)
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

const f3 = (x: number | null): string => (x === null || Number.isNaN(x) ? '—' : x.toFixed(3))

export function perSeriesTable(rows: readonly Row[]): string {
  const out = ['| series | method | MASE | cover90 | model chosen | fit ms |', '| --- | --- | --- | --- | --- | --- |']
  for (const r of rows)
    out.push(
      `| ${r.series} | ${r.method} | ${f3(r.score.mase)} | ${r.score.cover90.toFixed(2)} | ${r.score.model} | ${r.score.ms.toFixed(1)} |`,
    )
  return out.join('\n')
}

export interface Summary {
  method: string
  series: number
  geomean: number
  median: number
  cover90: number
  /** Highest MASE ratio to seasonal naive on one series. */
  worstVsNaive: number
  worstSeries: string
  negative: number
}

export function summarise(rows: readonly Row[], naive = 'seasonal-naive'): Summary[] {
  const methods = [...new Set(rows.map((r) => r.method))]
  const naiveOf = new Map(rows.filter((r) => r.method === naive).map((r) => [r.series, r.score.mase]))
  return methods.map((method) => {
    const mine = rows.filter((r) => r.method === method && r.score.mase !== null)
    const mases = mine.map((r) => r.score.mase as number)
    let worstVsNaive = 0
    let worstSeries = ''
    for (const r of mine) {
      const n = naiveOf.get(r.series)
      const ratio = n ? (r.score.mase as number) / n : 0
      if (ratio > worstVsNaive) [worstVsNaive, worstSeries] = [ratio, r.series]
    }
    return {
      method,
      series: mine.length,
      geomean: geomean(mases),
      median: median(mases),
      cover90: mine.reduce((s, r) => s + r.score.cover90, 0) / Math.max(1, mine.length),
      worstVsNaive,
      worstSeries,
      negative: mine.filter((r) => r.score.min < 0).length,
    }
  })
}

export function summaryTable(summaries: readonly Summary[], label = ''): string {
  const out = [
    `| ${label}method | series | geomean MASE | median | cover90 | worst ÷ seasonal naive | series with a negative P50/P90 |`,
    `| ${label ? '--- | ' : ''}--- | --- | --- | --- | --- | --- | --- |`,
  ]
  for (const s of summaries)
    out.push(
      `| ${s.method} | ${s.series} | ${f3(s.geomean)} | ${f3(s.median)} | ${s.cover90.toFixed(2)} | ${f3(s.worstVsNaive)} (${s.worstSeries}) | ${s.negative} |`,
    )
  return out.join('\n')
}

export function breakpointTable(tallies: ReadonlyMap<string, BreakpointTallies>, which: 'p50' | 'p90'): string {
  // The model's own expectation of false breaches exists only for a P50 dated by first crossing.
  const expects = [...tallies.values()].some((t) => t[which].expectedFalse !== null)
  const out = [
    `| method | limits checked | both crossed | mean abs error (days) | mean signed error (days) | false breaches${expects ? ' (if calibrated)' : ''} | misses | neither |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const [method, all] of tallies) {
    const t = all[which]
    const mean = (x: number): string => (t.both ? (x / t.both).toFixed(2) : '—')
    const expected = t.expectedFalse === null ? '' : ` (${t.expectedFalse.toFixed(1)})`
    out.push(
      `| ${method} | ${t.cases} | ${t.both} | ${mean(t.absErrorDays)} | ${mean(t.signedErrorDays)} | ${t.falseBreaches}${expected} | ${t.misses} | ${t.quiet} |`,
    )
  }
  return out.join('\n')
}

/** HP2 summary per end date (cut = days removed from the end of every series). */
export function cutTable(byCut: ReadonlyMap<number, readonly Row[]>): string {
  const out = [
    '| cut | method | series | geomean MASE | median | cover90 | worst ÷ seasonal naive |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const [cut, rows] of byCut)
    for (const s of summarise(rows))
      out.push(
        `| ${cut} | ${s.method} | ${s.series} | ${f3(s.geomean)} | ${f3(s.median)} | ${s.cover90.toFixed(2)} | ${f3(s.worstVsNaive)} (${s.worstSeries}) |`,
      )
  return out.join('\n')
}

/** Every (series, cut) as one case: MASE ÷ seasonal naive's on the same case, P90 coverage pooled. */
export function allCutsTable(byCut: ReadonlyMap<number, readonly Row[]>, naive = 'seasonal-naive'): string {
  const ratios = new Map<string, number[]>()
  const covers = new Map<string, number[]>()
  for (const rows of byCut.values()) {
    const naiveOf = new Map(rows.filter((r) => r.method === naive).map((r) => [r.series, r.score.mase]))
    for (const r of rows) {
      const n = naiveOf.get(r.series)
      if (r.score.mase === null || !n) continue
      ratios.set(r.method, [...(ratios.get(r.method) ?? []), r.score.mase / n])
      covers.set(r.method, [...(covers.get(r.method) ?? []), r.score.cover90])
    }
  }
  const out = [
    '| method | cases | geomean MASE ÷ seasonal naive | worst ÷ seasonal naive | cases worse than 1.5× | cover90 (pooled) |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  for (const [method, xs] of ratios) {
    const c = covers.get(method) ?? []
    out.push(
      `| ${method} | ${xs.length} | ${f3(geomean(xs))} | ${f3(Math.max(...xs))} | ${xs.filter((x) => x > 1.5).length} | ${(c.reduce((a, b) => a + b, 0) / Math.max(1, c.length)).toFixed(2)} |`,
    )
  }
  return out.join('\n')
}

export function tsv(rows: readonly Row[]): string {
  const out = ['series\tmodel\tMASE\tcover90']
  for (const r of rows) out.push(`${r.series}\t${r.method}\t${r.score.mase === null ? 'NA' : r.score.mase}\t${r.score.cover90}`)
  return out.join('\n')
}
