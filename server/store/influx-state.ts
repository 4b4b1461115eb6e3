// The InfluxDB side of StateStore (state-types.ts). InfluxDB has no tables,
// so a document is the last point of series state{kind,id} (one string field
// holding its JSON), and an audit entry is one point of audit{kind,target}.
// Both live in their own retention policy of infinite duration: the series
// policy (400 d) would otherwise silently drop an alert that has been firing
// for longer, or an audit trail nobody may lose.
import { ident, stringLit, timeLit } from './influxql.ts'
import { numberAt, type RawSeries } from './influx-results.ts'
import { escapeTag } from './line-protocol.ts'
import { auditLimit, encodeDoc, type AuditEntry, type AuditQuery, type StateRecord, type StateStore } from './state-types.ts'

export const STATE_RP = 'headroom_state'
const STATE = 'state'
const AUDIT = 'audit'

export interface InfluxAccess {
  database: string
  /** http://host:port, no credentials. */
  origin: string
  authorization: string | null
  /** The URL with credentials removed, for messages. */
  where: string
  query: (q: string) => Promise<RawSeries[]>
}

/** A line-protocol string field: quotes and backslashes escaped. JSON text has no raw newlines. */
function stringField(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

function tagValue(name: string, v: string): string {
  if (/[\n\r\\]/.test(v))
    throw new Error(`${name} ${JSON.stringify(v)} holds a newline or backslash, which InfluxDB tags cannot store`)
  return escapeTag(v)
}

function stringAt(row: unknown[], index: number, what: string): string {
  const v = row[index]
  if (typeof v === 'string') return v
  throw new Error(`InfluxDB returned ${JSON.stringify(v)} for ${what}; expected a string`)
}

export function createInfluxState(access: InfluxAccess): { state: StateStore; init(): Promise<void> } {
  const { database, origin, authorization, where } = access
  const from = (m: string) => `${ident(database)}.${ident(STATE_RP)}.${ident(m)}`
  // Nanosecond timestamps that only go up in this process: two puts in one
  // millisecond must not land on the same point (the second would win by
  // accident of arrival), and audit entries keep the order they were appended.
  let lastNs = 0n
  const nextNs = (ms: number): bigint => {
    const ns = BigInt(ms) * 1_000_000n
    lastNs = ns > lastNs ? ns : lastNs + 1n
    return lastNs
  }

  async function post(path: string, params: Record<string, string>, body: string, what: string): Promise<void> {
    let res: Response
    try {
      res = await fetch(`${origin}${path}?${new URLSearchParams(params)}`, {
        method: 'POST',
        body,
        headers: {
          ...(authorization ? { authorization } : {}),
          'content-type': path === '/query' ? 'application/x-www-form-urlencoded' : 'text/plain',
        },
        signal: AbortSignal.timeout(30_000),
      })
    } catch (err) {
      throw new Error(`InfluxDB ${what} at ${where} failed: ${err instanceof Error ? err.message : String(err)}`)
    }
    if (res.status === 204 || res.status === 200) {
      const text = res.status === 200 ? await res.text() : ''
      // /query reports statement errors inside a 200.
      if (text.includes('"error"')) throw new Error(`InfluxDB ${what} at ${where} failed: ${text.slice(0, 300)}`)
      return
    }
    throw new Error(`InfluxDB ${what} at ${where} failed with HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`)
  }

  const write = (line: string, what: string) => post('/write', { db: database, rp: STATE_RP, precision: 'ns' }, line, what)
  // Statements that change data must be POSTed to /query.
  const statement = (q: string, what: string) => post('/query', { db: database }, new URLSearchParams({ q }).toString(), what)

  async function records(kind: string, id?: string): Promise<StateRecord[]> {
    const series = await access.query(
      `SELECT last("doc") FROM ${from(STATE)} WHERE "kind" = ${stringLit(kind)}` +
        (id === undefined ? '' : ` AND "id" = ${stringLit(id)}`) +
        ` GROUP BY "id"`,
    )
    const out: StateRecord[] = []
    for (const s of series) {
      const row = s.values[0]
      const docId = s.tags.id
      if (!row || docId === undefined) continue
      out.push({
        kind,
        id: docId,
        doc: JSON.parse(stringAt(row, 1, 'doc')) as unknown,
        updatedAt: new Date(numberAt(row, 0, 'time')),
      })
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  const state: StateStore = {
    async putState(kind, id, doc) {
      const body = encodeDoc(kind, id, doc)
      const line = `${STATE},id=${tagValue('id', id)},kind=${tagValue('kind', kind)} doc=${stringField(body)} ${nextNs(Date.now())}\n`
      await write(line, `putState(${kind}, ${id})`)
    },

    async getState(kind, id) {
      return (await records(kind, id))[0] ?? null
    },

    listState: (kind) => records(kind),

    async deleteState(kind, id) {
      await statement(
        `DELETE FROM ${ident(STATE)} WHERE "kind" = ${stringLit(kind)} AND "id" = ${stringLit(id)}`,
        `deleteState(${kind}, ${id})`,
      )
    },

    async appendAudit(entry: AuditEntry) {
      const at = entry.at.getTime()
      if (!Number.isFinite(at)) throw new Error('appendAudit: invalid date')
      const fields = JSON.stringify({ actor: entry.actor, role: entry.role, action: entry.action, detail: entry.detail ?? null })
      const target = entry.target === '' ? '' : `,target=${tagValue('target', entry.target)}`
      const line = `${AUDIT},kind=${tagValue('kind', entry.kind)}${target} entry=${stringField(fields)} ${nextNs(at)}\n`
      await write(line, `appendAudit(${entry.kind})`)
    },

    async readAudit(query?: AuditQuery) {
      const limit = auditLimit(query)
      const where: string[] = []
      if (query?.kind !== undefined) where.push(`"kind" = ${stringLit(query.kind)}`)
      if (query?.target !== undefined) where.push(`"target" = ${stringLit(query.target)}`)
      if (query?.since !== undefined) where.push(`time >= ${timeLit(query.since)}`)
      const series = await access.query(
        `SELECT "entry", "kind", "target" FROM ${from(AUDIT)}` +
          (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
          ` ORDER BY time DESC LIMIT ${limit}`,
      )
      return (series[0]?.values ?? []).map((row): AuditEntry => {
        const parsed = JSON.parse(stringAt(row, 1, 'entry')) as Record<string, unknown>
        const str = (v: unknown) => (typeof v === 'string' ? v : '')
        return {
          at: new Date(numberAt(row, 0, 'time')),
          kind: str(row[2]),
          actor: str(parsed.actor),
          role: str(parsed.role),
          action: str(parsed.action),
          target: str(row[3]),
          detail: parsed.detail,
        }
      })
    },
  }

  return {
    state,
    async init() {
      const existing = await access.query(`SHOW RETENTION POLICIES ON ${ident(database)}`)
      const names = (existing[0]?.values ?? []).map((r) => r[0])
      if (!names.includes(STATE_RP)) {
        await statement(
          `CREATE RETENTION POLICY ${ident(STATE_RP)} ON ${ident(database)} DURATION INF REPLICATION 1`,
          'creating the state retention policy',
        )
      }
    },
  }
}
