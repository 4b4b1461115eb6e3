// `npm run eval:forecast [-- DIR] [--tsv]`: protocol HP2 (see issue 8 and
// bench/README.md) on every timestamp,value CSV in DIR (default: the NAB
// fixtures), for Headroom's own choice, each portfolio candidate and the two
// baselines; then the time-to-breakpoint back-test and HP2 from earlier end
// dates (each series cut short by 7, 14, 21, 28 days) as a guard against
// tuning to one window. With --tsv, only the HP2 TSV is printed.
import { fileURLToPath } from 'node:url'
import { augursBackend } from '../../server/runtime/augurs-backend.ts'
import { breakpointBacktest, emptyTally, type BreakpointTally } from './breakpoint.ts'
import { autoArimaMethod } from './auto-arima.ts'
import { candidateMethods } from './candidates.ts'
import { headroomMethod, leastSquaresMethod, scoreHp2, seasonalNaiveMethod, type Method } from './methods.ts'
import { breakpointTable, perSeriesTable, summarise, summaryTable, tsv, type Row } from './report.ts'
import { dateAt, readDir, type DailySeries } from './series.ts'

const TEST_DAYS = 14
/** Fewest training days for a series to take part: three weeks, what weekly seasonality needs. */
const MIN_TRAIN_DAYS = 21
const TRUNCATIONS = [0, 7, 14, 21, 28]

function hp2(series: readonly DailySeries[], methods: readonly Method[], cut = 0): Row[] {
  const rows: Row[] = []
  for (const s of series) {
    const values = s.values.slice(0, s.values.length - cut)
    if (values.length - TEST_DAYS < MIN_TRAIN_DAYS) continue
    const lastTrain = dateAt(s, values.length - TEST_DAYS - 1)
    for (const m of methods) {
      const score = scoreHp2(m, values, lastTrain, TEST_DAYS)
      if (score) rows.push({ series: s.name, method: m.name, score })
    }
  }
  return rows
}

function main(): void {
  // argv: node, headroom-ts.mjs, this file, then the user's arguments.
  const args = process.argv.slice(3)
  const asTsv = args.includes('--tsv')
  const dir = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../../tests/fixtures/nab/', import.meta.url))
  const backend = augursBackend()
  const all = readDir(dir)
  const headroom = headroomMethod(backend)
  const baselines = [seasonalNaiveMethod, leastSquaresMethod]
  if (asTsv) {
    console.log(tsv(hp2(all, [headroom, ...baselines])))
    return
  }
  const methods = [headroom, ...baselines, ...candidateMethods(backend), autoArimaMethod(backend)]
  const rows = hp2(all, methods)
  const used = new Set(rows.map((r) => r.series))
  console.log(`# HP2 on ${dir}: ${used.size} of ${all.length} series have ≥ ${MIN_TRAIN_DAYS + TEST_DAYS} daily peaks\n`)
  console.log(perSeriesTable(rows))
  console.log('\n## Summary (geometric mean over series)\n')
  console.log(summaryTable(summarise(rows)))
  console.log('\nReference (R forecast, same protocol, from issue 8): stlf 1.182, auto.arima 0.893 geomean MASE.')

  const tallies = new Map<string, BreakpointTally>()
  for (const m of [headroom, leastSquaresMethod]) {
    const t = emptyTally()
    for (const s of all.filter((x) => used.has(x.name))) breakpointBacktest(s, m, t)
    tallies.set(m.name, t)
  }
  console.log('\n## Time to breakpoint (limits 1.0×, 1.1×, 1.25× the last 28 days’ highest peak; origins every 7 days)\n')
  console.log(breakpointTable(tallies))

  console.log('\n## HP2 from earlier end dates (each series cut short by N days)\n')
  const lines = [
    '| cut | method | series | geomean MASE | median | cover90 | worst ÷ seasonal naive |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  for (const cut of TRUNCATIONS) {
    for (const s of summarise(hp2(all, [headroom, ...baselines], cut)))
      lines.push(
        `| ${cut} | ${s.method} | ${s.series} | ${s.geomean.toFixed(3)} | ${s.median.toFixed(3)} | ${s.cover90.toFixed(2)} | ${s.worstVsNaive.toFixed(3)} |`,
      )
  }
  console.log(lines.join('\n'))
}

main()
