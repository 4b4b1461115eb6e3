// `npm run eval:forecast [-- DIR] [--tsv] [--diagnose]`: protocol HP2 (see issue 8 and
// bench/README.md) on every timestamp,value CSV in DIR (default: the NAB
// fixtures), for Headroom's own choice, each portfolio candidate and the two
// baselines; then the time-to-breakpoint back-test and HP2 from earlier end
// dates (each series cut short by 7, 14, 21, 28 days) as a guard against
// tuning to one window. With --tsv, only the HP2 TSV is printed; with
// --diagnose, each variant's back-test MASE beside its HP2 MASE as well.
import { fileURLToPath } from 'node:url'
import { augursBackend } from '../../server/runtime/augurs-backend.ts'
import { breakpointBacktest, emptyTallies, type BreakpointTallies } from './breakpoint.ts'
import { autoArimaMethod } from './auto-arima.ts'
import { candidateMethods } from './candidates.ts'
import { diagnoseTable } from './diagnose.ts'
import { headroomMethod, leastSquaresMethod, scoreHp2, seasonalNaiveMethod, type Method } from './methods.ts'
import { allCutsTable, breakpointTable, cutTable, perSeriesTable, summarise, summaryTable, tsv, type Row } from './report.ts'
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
  const autoArima = autoArimaMethod(backend)
  const methods = [headroom, ...baselines, ...candidateMethods(backend), autoArima]
  const rows = hp2(all, methods)
  const used = new Set(rows.map((r) => r.series))
  console.log(`# HP2 on ${dir}: ${used.size} of ${all.length} series have ≥ ${MIN_TRAIN_DAYS + TEST_DAYS} daily peaks\n`)
  console.log(perSeriesTable(rows))
  console.log('\n## Summary (geometric mean over series)\n')
  console.log(summaryTable(summarise(rows)))
  console.log('\nReference (R forecast, same protocol, from issue 8): stlf 1.182, auto.arima 0.893 geomean MASE.')

  const tallies = new Map<string, BreakpointTallies>()
  for (const m of [headroom, leastSquaresMethod]) {
    const t = emptyTallies()
    for (const s of all.filter((x) => used.has(x.name))) breakpointBacktest(s, m, t)
    tallies.set(m.name, t)
  }
  const ttb = 'limits 1.0×, 1.1×, 1.25× the last 28 days’ highest peak; origins every 7 days from day 28'
  console.log(`\n## Time to breakpoint, P50 breach date (${ttb})\n`)
  console.log(breakpointTable(tallies, 'p50'))
  console.log(`\n## Time to breakpoint, P90 breach date (what order-by dates use; same origins and limits)\n`)
  console.log(breakpointTable(tallies, 'p90'))

  console.log('\n## HP2 from earlier end dates (each series cut short by N days)\n')
  const byCut = new Map(TRUNCATIONS.map((cut) => [cut, hp2(all, [headroom, ...baselines, autoArima], cut)]))
  console.log(cutTable(byCut))
  console.log('\n### Over every end date (each series at each cut is one case)\n')
  console.log(allCutsTable(byCut))
  if (args.includes('--diagnose')) {
    console.log('\n## Diagnosis: back-test MASE (what the choice saw) beside HP2 MASE (what it was judged by)\n')
    console.log(
      diagnoseTable(
        all.filter((s) => used.has(s.name)),
        backend,
        TEST_DAYS,
      ),
    )
  }
}

main()
