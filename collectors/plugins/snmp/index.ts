// The snmp collector: GETs scalar OIDs and bulk-walks tables on every
// target, turns counters into per-second rates (collectors/rates.ts: wrap
// and reset aware) and converts units declared per mapping. Targets are
// read in parallel and fail alone: a dead agent is one addError naming
// udp://host:port, the others still deliver. Rate state lives per collector
// id, because the plugin object is shared by every snmp collector.
import type { Accumulator, CollectorContext, CollectorPlugin } from '../../types.ts'
import { RateTracker, seriesKey } from '../../rates.ts'
import { createUnitConverter } from '../../units.ts'
import { parseSnmpConfig, targetLabel, type SnmpConfig, type SnmpMapping, type SnmpTarget } from './config.ts'
import { getOids, openSession, walkSubtree, type Varbind } from './session.ts'
import { readVarbind, varbindText, type Reading } from './values.ts'

/** Scalars per GET PDU: small enough for any agent's max message size. */
const GET_BATCH = 32
/** Rate baselines of rows not seen for this long (an interface removed) are dropped. */
const FORGET_AFTER_MS = 60 * 60 * 1000

const trackers = new Map<string, RateTracker>()
const converters = new Map<string, (value: number) => number>()

/** Converters are built once per (unit, as, rated): parsing units on every row would be waste. */
function converterFor(from: string, to: string, rated: boolean): (value: number) => number {
  const key = `${from}\u0000${to}\u0000${rated}`
  let convert = converters.get(key)
  if (!convert) {
    convert = createUnitConverter(from, to, { rated })
    converters.set(key, convert)
  }
  return convert
}

function trackerFor(ctx: CollectorContext, config: SnmpConfig): RateTracker {
  let tracker = trackers.get(ctx.id)
  if (!tracker) {
    tracker = new RateTracker(config.maxRate === undefined ? {} : { maxRate: config.maxRate })
    trackers.set(ctx.id, tracker)
  }
  return tracker
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Everything one target's readings need to become samples. */
interface TargetRun {
  target: SnmpTarget
  label: string
  tracker: RateTracker
  acc: Accumulator
  ctx: CollectorContext
}

/**
 * The value to store for one reading of one mapping, or null when there is
 * none yet (first counter reading, reset). Throws on a unit problem.
 */
function valueOf(run: TargetRun, m: SnmpMapping, index: number, oid: string, reading: Reading, at: Date): number | null {
  const asCounter = m.type === 'counter' || (m.type === 'auto' && reading.kind === 'counter')
  let value: number
  if (asCounter) {
    const width = reading.kind === 'counter' ? reading.width : 'none'
    const result = run.tracker.update(seriesKey([run.label, String(index), oid]), reading.value, at, width)
    if (result.kind === 'reset') run.ctx.log.debug({ target: run.label, oid, reason: result.reason }, 'snmp counter reset')
    if (result.kind !== 'rate') return null
    value = result.rate
  } else {
    value = Number(reading.value)
  }
  if (m.unit !== undefined && m.as !== undefined) value = converterFor(m.unit, m.as, asCounter)(value)
  return value
}

function emit(run: TargetRun, m: SnmpMapping, value: number, at: Date, extraTags: Record<string, string> = {}): void {
  const tags = { ...run.target.tags, ...m.tags, ...extraTags }
  run.acc.add({ app: m.app, metric: m.metric, value, at, ...(Object.keys(tags).length > 0 ? { tags } : {}) })
}

function fail(run: TargetRun, text: string): void {
  run.acc.addError(new Error(`[target=${run.label}] ${text}`))
}

async function collectScalars(run: TargetRun, session: ReturnType<typeof openSession>, config: SnmpConfig): Promise<void> {
  const scalars = config.metrics.map((m, i) => ({ m, i })).filter(({ m }) => !m.walk)
  for (let start = 0; start < scalars.length; start += GET_BATCH) {
    const batch = scalars.slice(start, start + GET_BATCH)
    let varbinds: Varbind[]
    try {
      varbinds = await getOids(
        session,
        batch.map(({ m }) => m.oid),
        run.ctx.signal,
      )
    } catch (err) {
      fail(run, `GET ${batch.map(({ m }) => m.oid).join(', ')}: ${message(err)}`)
      return
    }
    const at = run.ctx.now()
    batch.forEach(({ m, i }, n) => {
      const vb = varbinds[n]
      if (!vb) return fail(run, `${m.oid}: missing from the response`)
      const reading = readVarbind(vb)
      if ('error' in reading) return fail(run, `${m.app}/${m.metric} ${reading.error}`)
      try {
        const value = valueOf(run, m, i, vb.oid, reading, at)
        if (value !== null) emit(run, m, value, at)
      } catch (err) {
        fail(run, `${m.app}/${m.metric}: ${message(err)}`)
      }
    })
  }
}

/** Row index of a walked OID: what follows the mapping's OID. */
function rowIndex(base: string, oid: string): string {
  return oid.startsWith(`${base}.`) ? oid.slice(base.length + 1) : oid
}

async function collectWalk(
  run: TargetRun,
  session: ReturnType<typeof openSession>,
  config: SnmpConfig,
  m: SnmpMapping,
  i: number,
): Promise<void> {
  const rows = await walkSubtree(session, m.oid, config.maxRepetitions, run.ctx.signal)
  const tagRows = m.indexTag ? await walkSubtree(session, m.indexTag.oid, config.maxRepetitions, run.ctx.signal) : []
  const at = run.ctx.now()
  if (rows.length === 0) return fail(run, `${m.app}/${m.metric} walk of ${m.oid} returned no rows`)
  const tagByIndex = new Map<string, string>()
  if (m.indexTag) for (const vb of tagRows) tagByIndex.set(rowIndex(m.indexTag.oid, vb.oid), varbindText(vb))
  const tagName = m.indexTag?.name ?? 'index'
  const include = m.include === undefined ? null : new RegExp(m.include)

  const values: { value: number | null; tag: string }[] = []
  const problems: string[] = []
  for (const vb of rows) {
    const index = rowIndex(m.oid, vb.oid)
    const tag = tagByIndex.get(index) ?? index
    if (include && !include.test(tag)) continue
    const reading = readVarbind(vb)
    if ('error' in reading) {
      problems.push(reading.error)
      continue
    }
    values.push({ value: valueOf(run, m, i, vb.oid, reading, at), tag })
  }
  // One error per mapping, not one per row: a 48-port switch must not flood health.
  if (problems.length > 0) {
    fail(run, `${m.app}/${m.metric} ${problems.length} row(s) unreadable, first: ${problems[0] ?? ''}`)
  }
  if (m.aggregate === 'none') {
    for (const { value, tag } of values) if (value !== null) emit(run, m, value, at, { [tagName]: tag })
    return
  }
  // A sum with a row missing (first reading, reset) would be a false dip: wait for a full set.
  if (values.length === 0 || values.some((v) => v.value === null)) return
  const numbers = values.map((v) => v.value ?? 0)
  emit(run, m, m.aggregate === 'sum' ? numbers.reduce((a, b) => a + b, 0) : Math.max(...numbers), at)
}

async function collectTarget(run: TargetRun, config: SnmpConfig): Promise<void> {
  let session: ReturnType<typeof openSession>
  try {
    session = openSession(run.target)
  } catch (err) {
    return fail(run, message(err))
  }
  try {
    await collectScalars(run, session, config)
    for (const [i, m] of config.metrics.entries()) {
      if (!m.walk) continue
      if (run.ctx.signal.aborted) return fail(run, 'aborted (collector timeout or shutdown) before all walks ran')
      try {
        await collectWalk(run, session, config, m, i)
      } catch (err) {
        fail(run, `${m.app}/${m.metric} walk of ${m.oid}: ${message(err)}`)
      }
    }
  } finally {
    session.close()
  }
}

export const snmpPlugin: CollectorPlugin<SnmpConfig> = {
  type: 'snmp',
  parseConfig: parseSnmpConfig,
  async collect(config, acc, ctx) {
    const tracker = trackerFor(ctx, config)
    await Promise.all(
      config.targets.map((target) => collectTarget({ target, label: targetLabel(target), tracker, acc, ctx }, config)),
    )
    tracker.prune(new Date(ctx.now().getTime() - FORGET_AFTER_MS))
  },
  async close() {
    trackers.clear()
  },
}
