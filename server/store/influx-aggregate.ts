// Store.aggregate() on InfluxDB: one InfluxQL statement,
// mean/max/count GROUP BY time(step, offset), "app", "metric", asked for
// with chunked=true so the answer streams as newline-delimited JSON and is
// decoded a chunk at a time (a 10 000-series answer is tens of MB; one
// JSON.parse of it would hold the event loop for half a second).
import { fetchFailure, type Connection } from './influx-connection.ts'
import { seriesOfResponse } from './influx-results.ts'
import { ident, stringLit, timeLit } from './influxql.ts'
import { checkAggregateQuery } from './aggregate-query.ts'
import { cleanTags } from './tags.ts'
import type { AggregateQuery, AggregateResult, Bucket } from './types.ts'

const CHUNK_ROWS = 10_000
/** Up to this many apps are filtered in the query; more are filtered as rows arrive (a shorter statement). */
const APPS_IN_QUERY = 50

export function aggregateStatement(from: string, q: AggregateQuery): string {
  const exclude = cleanTags(q.excludeTags)
  const apps = q.series ? [...new Set(q.series.map((s) => s.app))] : []
  const clauses = [`time >= ${timeLit(q.from)}`, `time < ${timeLit(q.to)}`]
  // A point without the tag reads as '' in InfluxQL, so != keeps it.
  if (exclude) for (const [k, v] of Object.entries(exclude)) clauses.push(`${ident(k)} != ${stringLit(v)}`)
  if (apps.length > 0 && apps.length <= APPS_IN_QUERY)
    clauses.push(`(${apps.map((a) => `"app" = ${stringLit(a)}`).join(' OR ')})`)
  return (
    `SELECT mean("value"), max("value"), count("value") FROM ${from} WHERE ${clauses.join(' AND ')}` +
    ` GROUP BY time(${q.stepMs}ms, ${q.offsetMs ?? 0}ms), "app", "metric" fill(none)`
  )
}

function addRows(out: AggregateResult, wanted: Set<string> | null, raw: unknown, statement: string): void {
  for (const s of seriesOfResponse(raw, statement)) {
    const key = `${s.tags.app ?? ''}/${s.tags.metric ?? ''}`
    if (wanted && !wanted.has(key)) continue
    let list = out.get(key)
    if (!list) out.set(key, (list = []))
    for (const r of s.values) {
      const [t, mean, max, count] = r
      if (typeof t !== 'number' || typeof mean !== 'number' || typeof max !== 'number' || typeof count !== 'number') continue
      list.push({ at: new Date(t), mean, max, count } satisfies Bucket)
    }
  }
}

export async function readInfluxAggregate(c: Connection, from: string, q: AggregateQuery): Promise<AggregateResult> {
  checkAggregateQuery(q)
  if (q.series && q.series.length === 0) return new Map()
  const statement = aggregateStatement(from, q)
  const wanted = q.series ? new Set(q.series.map((s) => `${s.app}/${s.metric}`)) : null
  const body = new URLSearchParams({
    db: c.database,
    q: statement,
    epoch: 'ms',
    chunked: 'true',
    chunk_size: String(CHUNK_ROWS),
  })
  let res: Response
  try {
    res = await fetch(`${c.origin}/query`, {
      method: 'POST',
      body,
      headers: c.authorization ? { authorization: c.authorization } : {},
    })
  } catch (err) {
    throw new Error(`InfluxDB query to ${c.where} failed (${fetchFailure(err)}): ${statement}`)
  }
  if (!res.ok || !res.body) {
    throw new Error(`InfluxDB query to ${c.where} failed (HTTP ${res.status} ${(await res.text()).slice(0, 200)}): ${statement}`)
  }
  const out: AggregateResult = new Map()
  const decoder = new TextDecoder()
  let pending = ''
  for await (const part of res.body) {
    pending += decoder.decode(part, { stream: true })
    let nl = pending.indexOf('\n')
    while (nl >= 0) {
      const line = pending.slice(0, nl).trim()
      pending = pending.slice(nl + 1)
      if (line) addRows(out, wanted, JSON.parse(line) as unknown, statement)
      nl = pending.indexOf('\n')
    }
  }
  if (pending.trim()) addRows(out, wanted, JSON.parse(pending) as unknown, statement)
  // Chunks of one series arrive in time order, but a series may be split over chunks: keep each list ascending.
  for (const list of out.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())
  return out
}
