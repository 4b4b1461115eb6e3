// Alert state in the store (kinds 'alert' and 'alert-silence') and the audit
// trail (kinds 'alert' and 'silence'). Writes are queued and run one at a
// time behind evaluation, never in its way; the latest version of a document
// wins, and a failed write is retried, so a store outage delays persistence
// but loses nothing that is still in memory.
import type { Logger } from '../log.ts'
import type { AuditEntry, StateStore } from '../store/state-types.ts'
import type { AlertInstance, Silence } from './evaluation/types.ts'

export const ALERT_KIND = 'alert'
export const SILENCE_KIND = 'alert-silence'
const RETRY_MS = 5000

type Op = { kind: string; id: string; doc: unknown | null }

export interface AlertPersistence {
  loadInstances(): Promise<AlertInstance[]>
  loadSilences(): Promise<Silence[]>
  saveInstance(a: AlertInstance): void
  deleteInstance(id: string): void
  saveSilence(s: Silence): void
  deleteSilence(id: string): void
  audit(entry: AuditEntry): void
  /** Resolves when everything queued so far is written (or the store keeps failing past `timeoutMs`). */
  flush(timeoutMs?: number): Promise<void>
  stop(): void
}

export function createAlertPersistence(store: StateStore, log: Logger): AlertPersistence {
  const pending = new Map<string, Op>()
  const audits: AuditEntry[] = []
  let running: Promise<void> | null = null
  let retry: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  async function drain(): Promise<void> {
    while (pending.size > 0 || audits.length > 0) {
      const [key, op] = pending.entries().next().value ?? []
      try {
        if (key !== undefined && op) {
          if (op.doc === null) await store.deleteState(op.kind, op.id)
          else await store.putState(op.kind, op.id, op.doc)
          // A newer version queued while this one was written stays queued.
          if (pending.get(key) === op) pending.delete(key)
        } else {
          const entry = audits[0]
          if (entry) await store.appendAudit(entry)
          audits.shift()
        }
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, 'saving alert state failed; will retry')
        if (!stopped) retry = setTimeout(kick, RETRY_MS)
        retry?.unref?.()
        return
      }
    }
  }

  function kick(): void {
    retry = null
    if (running || stopped) return
    running = drain().finally(() => {
      running = null
      if ((pending.size > 0 || audits.length > 0) && !retry && !stopped) kick()
    })
  }

  const put = (kind: string, id: string, doc: unknown | null) => {
    pending.set(`${kind}\u0000${id}`, { kind, id, doc })
    if (!retry) kick()
  }

  return {
    async loadInstances() {
      return (await store.listState(ALERT_KIND)).map((r) => r.doc).filter(isAlertInstance)
    },
    async loadSilences() {
      return (await store.listState(SILENCE_KIND)).map((r) => r.doc).filter(isSilence)
    },
    saveInstance: (a) => put(ALERT_KIND, a.id, a),
    deleteInstance: (id) => put(ALERT_KIND, id, null),
    saveSilence: (s) => put(SILENCE_KIND, s.id, s),
    deleteSilence: (id) => put(SILENCE_KIND, id, null),
    audit(entry) {
      audits.push(entry)
      if (!retry) kick()
    },
    async flush(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while ((running || pending.size > 0 || audits.length > 0) && Date.now() < deadline) {
        if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 50))])
        else if (retry) await new Promise((r) => setTimeout(r, 50))
        else kick()
      }
    },
    stop() {
      stopped = true
      if (retry) clearTimeout(retry)
    },
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isAlertInstance(v: unknown): v is AlertInstance {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    typeof v.alertname === 'string' &&
    (v.state === 'pending' || v.state === 'firing' || v.state === 'resolved') &&
    typeof v.activeAt === 'string' &&
    isRecord(v.labels) &&
    isRecord(v.annotations) &&
    isRecord(v.delivered)
  )
}

function isSilence(v: unknown): v is Silence {
  return (
    isRecord(v) &&
    typeof v.id === 'string' &&
    Array.isArray(v.matchers) &&
    typeof v.startsAt === 'string' &&
    typeof v.endsAt === 'string' &&
    typeof v.createdBy === 'string'
  )
}
