// What operators do to alerts: acknowledge (someone is on it), and silence
// (matchers, a window, an author and a comment). Each change is persisted,
// goes to the audit trail and is published at once. The role is checked by
// the REST route or socket command that calls these.
import { randomUUID } from 'node:crypto'
import { AlertActionError, parseAckRequest, parseSilenceRequest, type Actor } from './evaluation/actions.ts'
import type { AlertPersistence } from './persistence.ts'
import type { AlertInstance, Silence } from './evaluation/types.ts'

/** The service's state the actions change (service.ts owns it). */
export interface AlertInternals {
  instances: Map<string, AlertInstance>
  silences: Silence[]
  now: () => Date
  persist: AlertPersistence
  publish: () => void
}

export interface AlertActions {
  acknowledge(id: string, actor: Actor, body: unknown): AlertInstance
  unacknowledge(id: string, actor: Actor): AlertInstance
  createSilence(body: unknown, actor: Actor): Silence
  expireSilence(id: string, actor: Actor): Silence
}

export function createAlertActions(s: AlertInternals): AlertActions {
  const find = (id: string): AlertInstance => {
    const a = s.instances.get(id)
    if (!a)
      throw new AlertActionError(
        404,
        `No alert "${id}"; it may have resolved and aged out (GET /api/alerts lists the current ones).`,
      )
    return a
  }
  const change = (a: AlertInstance, actor: Actor, action: string, detail: Record<string, unknown>): AlertInstance => {
    s.instances.set(a.id, a)
    s.persist.saveInstance(a)
    s.persist.audit({
      at: s.now(),
      kind: 'alert',
      actor: actor.name,
      role: actor.role,
      action,
      target: a.id,
      detail: { alertname: a.alertname, labels: a.labels, ...detail },
    })
    s.publish()
    return a
  }
  const silenceAudit = (silence: Silence, actor: Actor, action: string) =>
    s.persist.audit({
      at: s.now(),
      kind: 'silence',
      actor: actor.name,
      role: actor.role,
      action,
      target: silence.id,
      detail: { matchers: silence.matchers, startsAt: silence.startsAt, endsAt: silence.endsAt, comment: silence.comment },
    })

  return {
    acknowledge(id, actor, body) {
      const { comment } = parseAckRequest(body)
      const a = find(id)
      if (a.state === 'resolved') throw new AlertActionError(409, `Alert ${a.alertname} (${id}) has already resolved.`)
      const ack = { by: actor.name, role: actor.role, at: s.now().toISOString(), comment }
      return change({ ...a, ack }, actor, 'ack', { comment })
    },
    unacknowledge(id, actor) {
      const a = find(id)
      if (a.ack === null) throw new AlertActionError(409, `Alert ${a.alertname} (${id}) is not acknowledged.`)
      return change({ ...a, ack: null }, actor, 'unack', {})
    },
    createSilence(body, actor) {
      const at = s.now()
      const request = parseSilenceRequest(body, at)
      const silence: Silence = { id: randomUUID(), ...request, createdBy: actor.name, createdAt: at.toISOString() }
      s.silences = [...s.silences, silence]
      s.persist.saveSilence(silence)
      silenceAudit(silence, actor, 'silence.create')
      s.publish()
      return silence
    },
    expireSilence(id, actor) {
      const at = s.now()
      const silence = s.silences.find((x) => x.id === id)
      if (!silence) throw new AlertActionError(404, `No silence "${id}" (GET /api/alerts/silences lists them).`)
      if (Date.parse(silence.endsAt) <= at.getTime()) throw new AlertActionError(409, `Silence ${id} has already ended.`)
      const expired = { ...silence, endsAt: at.toISOString() }
      s.silences = s.silences.map((x) => (x.id === id ? expired : x))
      s.persist.saveSilence(expired)
      silenceAudit(expired, actor, 'silence.expire')
      s.publish()
      return expired
    },
  }
}
