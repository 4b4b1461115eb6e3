// Small keyed documents and an append-only audit trail, beside the series.
// Generic on purpose: alerts keep their instances and silences here, and any
// other feature with state that must survive a restart (tracked upgrade
// states, ...) uses the same two calls instead of a table of its own. Both
// stores implement it and the contract suite (tests/contract/) holds them to it.

/** One keyed JSON document, e.g. kind 'alert', id '<fingerprint>'. */
export interface StateRecord {
  kind: string
  id: string
  /** Any JSON value; what a caller puts it gets back, deeply equal. */
  doc: unknown
  /** When the document was last put. */
  updatedAt: Date
}

/** Who did what to what, and when. Never changed or removed once written. */
export interface AuditEntry {
  at: Date
  /** The feature the entry belongs to: 'alert', 'silence', 'upgrade', ... */
  kind: string
  /** The person (token name) or 'headroom' for the system's own transitions. */
  actor: string
  /** The actor's role when it acted: viewer | operator | admin | system. */
  role: string
  /** A verb: 'ack', 'silence.create', 'firing', ... */
  action: string
  /** What it was done to (an alert id, a silence id, ...). */
  target: string
  /** Any JSON value with the particulars (comment, matchers, labels). */
  detail: unknown
}

export interface AuditQuery {
  kind?: string
  target?: string
  /** Only entries at or after this time. */
  since?: Date
  /** Most entries returned, newest first. Default 100, at most 10 000. */
  limit?: number
}

export const AUDIT_DEFAULT_LIMIT = 100
export const AUDIT_MAX_LIMIT = 10_000

/** Largest document putState accepts (InfluxDB string fields stop at 64 KiB). */
export const STATE_MAX_BYTES = 60_000

export interface StateStore {
  /** Creates or replaces the document; throws when it is not JSON or too large. */
  putState(kind: string, id: string, doc: unknown): Promise<void>
  /** The document, or null when there is none. */
  getState(kind: string, id: string): Promise<StateRecord | null>
  /** Every document of a kind, by id. */
  listState(kind: string): Promise<StateRecord[]>
  /** Removes the document; removing one that is not there is not an error. */
  deleteState(kind: string, id: string): Promise<void>
  appendAudit(entry: AuditEntry): Promise<void>
  /** Entries matching the query, newest first (ties in the order they were appended, newest first). */
  readAudit(query?: AuditQuery): Promise<AuditEntry[]>
}

/** The JSON text of a document, checked once for both stores. */
export function encodeDoc(kind: string, id: string, doc: unknown): string {
  if (kind === '' || id === '') throw new Error('putState needs a non-empty kind and id')
  const text = JSON.stringify(doc)
  if (text === undefined) throw new Error(`putState(${kind}, ${id}): the document is not JSON (got ${typeof doc})`)
  if (Buffer.byteLength(text) > STATE_MAX_BYTES) {
    throw new Error(`putState(${kind}, ${id}): the document is ${Buffer.byteLength(text)} bytes; the limit is ${STATE_MAX_BYTES}`)
  }
  return text
}

export function auditLimit(query: AuditQuery | undefined): number {
  const limit = query?.limit ?? AUDIT_DEFAULT_LIMIT
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`readAudit: limit must be a whole number >= 1; got ${limit}`)
  return Math.min(limit, AUDIT_MAX_LIMIT)
}
