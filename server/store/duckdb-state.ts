// The DuckDB side of StateStore (state-types.ts): a keyed document table and
// an append-only audit table in the same file as the series, through the
// same serial queue, so a state write never interleaves with a points merge.
import type { DuckDBValue } from '@duckdb/node-api'
import { auditLimit, encodeDoc, type AuditEntry, type AuditQuery, type StateRecord, type StateStore } from './state-types.ts'

export const STATE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS state_docs (
    kind VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    doc VARCHAR NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, id)
  )`,
  // seq orders entries written in the same millisecond.
  `CREATE SEQUENCE IF NOT EXISTS audit_seq`,
  `CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT NOT NULL,
    at_ms BIGINT NOT NULL,
    kind VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    detail VARCHAR NOT NULL
  )`,
]

export interface DuckDbAccess {
  serial: <T>(task: () => Promise<T>) => Promise<T>
  rows: (sql: string, values?: DuckDBValue[]) => Promise<unknown[][]>
}

function text(v: unknown, what: string): string {
  if (typeof v === 'string') return v
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a string`)
}

function ms(v: unknown, what: string): number {
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number') return v
  throw new Error(`duckdb returned ${typeof v} for ${what}; expected a number`)
}

function recordOf(r: unknown[]): StateRecord {
  return {
    kind: text(r[0], 'kind'),
    id: text(r[1], 'id'),
    doc: JSON.parse(text(r[2], 'doc')) as unknown,
    updatedAt: new Date(ms(r[3], 'updated_at')),
  }
}

export function createDuckDbState({ serial, rows: query }: DuckDbAccess): StateStore {
  // The tables are made on first use (inside the serial queue), so opening a store that never keeps state costs nothing.
  let ready: Promise<void> | null = null
  const ensure = (): Promise<void> => {
    ready ??= (async () => {
      for (const sql of STATE_SCHEMA) await query(sql)
    })().catch((err: unknown) => {
      ready = null
      throw err
    })
    return ready
  }
  const rows = async (sql: string, values: DuckDBValue[] = []): Promise<unknown[][]> => {
    await ensure()
    return query(sql, values)
  }
  return {
    putState: async (kind, id, doc) => {
      const body = encodeDoc(kind, id, doc)
      await serial(async () => {
        await rows(
          `INSERT INTO state_docs VALUES ($1, $2, $3, $4)
           ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
          [kind, id, body, BigInt(Date.now())],
        )
      })
    },

    getState: (kind, id) =>
      serial(async () => {
        const found = await rows('SELECT kind, id, doc, updated_at FROM state_docs WHERE kind = $1 AND id = $2', [kind, id])
        return found[0] ? recordOf(found[0]) : null
      }),

    listState: (kind) =>
      serial(async () =>
        (await rows('SELECT kind, id, doc, updated_at FROM state_docs WHERE kind = $1 ORDER BY id', [kind])).map(recordOf),
      ),

    deleteState: (kind, id) =>
      serial(async () => {
        await rows('DELETE FROM state_docs WHERE kind = $1 AND id = $2', [kind, id])
      }),

    appendAudit: (entry: AuditEntry) => {
      const detail = JSON.stringify(entry.detail ?? null)
      const at = entry.at.getTime()
      if (!Number.isFinite(at)) return Promise.reject(new Error('appendAudit: invalid date'))
      return serial(async () => {
        await rows(`INSERT INTO audit_log VALUES (nextval('audit_seq'), $1, $2, $3, $4, $5, $6, $7)`, [
          BigInt(at),
          entry.kind,
          entry.actor,
          entry.role,
          entry.action,
          entry.target,
          detail,
        ])
      })
    },

    readAudit: (query?: AuditQuery) => {
      const limit = auditLimit(query)
      const where: string[] = []
      const values: DuckDBValue[] = []
      if (query?.kind !== undefined) where.push(`kind = $${values.push(query.kind)}`)
      if (query?.target !== undefined) where.push(`target = $${values.push(query.target)}`)
      if (query?.since !== undefined) where.push(`at_ms >= $${values.push(BigInt(query.since.getTime()))}`)
      const sql =
        'SELECT at_ms, kind, actor, role, action, target, detail FROM audit_log' +
        (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
        ` ORDER BY at_ms DESC, seq DESC LIMIT ${limit}`
      return serial(async () =>
        (await rows(sql, values)).map((r): AuditEntry => ({
          at: new Date(ms(r[0], 'at')),
          kind: text(r[1], 'kind'),
          actor: text(r[2], 'actor'),
          role: text(r[3], 'role'),
          action: text(r[4], 'action'),
          target: text(r[5], 'target'),
          detail: JSON.parse(text(r[6], 'detail')) as unknown,
        })),
      )
    },
  }
}
