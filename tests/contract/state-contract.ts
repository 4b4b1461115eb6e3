// What every Store must do with keyed state documents and the audit trail
// (server/store/state-types.ts), run against each implementation by
// store.contract.test.ts. Alerts and tracked upgrade states rely on these.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../../server/store/types.ts'

const MINUTE = 60_000
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE
const at = (offsetMs: number) => new Date(T0 + offsetMs)

/**
 * `newLocation` makes a fresh, empty place (a file, a database) and returns
 * the function that opens a store on it; calling that twice opens the same data.
 */
export function stateContract(kind: string, newLocation: () => () => Store): void {
  describe(`State contract: ${kind}`, () => {
    let store: Store
    let open: () => Store

    beforeEach(async () => {
      open = newLocation()
      store = open()
      await store.init()
    })
    afterEach(async () => {
      await store.close()
    })

    it('getState() is null and listState() empty when nothing was put', async () => {
      expect(await store.getState('alert', 'a1')).toBeNull()
      expect(await store.listState('alert')).toEqual([])
      expect(await store.readAudit({})).toEqual([])
    })

    it('putState() round-trips a nested JSON document and listState() returns only that kind, by id', async () => {
      const doc = { state: 'firing', labels: { app: 'ggsn', quote: `it's "x" \\ y` }, value: 0.93, list: [1, null, true] }
      const before = Date.now()
      await store.putState('alert', 'b', doc)
      await store.putState('alert', 'a', { n: 1 })
      await store.putState('silence', 's1', { matchers: [] })
      const got = await store.getState('alert', 'b')
      expect(got?.doc).toEqual(doc)
      expect(got?.kind).toBe('alert')
      expect(got?.id).toBe('b')
      expect(got?.updatedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
      expect((await store.listState('alert')).map((r) => [r.id, r.doc])).toEqual([
        ['a', { n: 1 }],
        ['b', doc],
      ])
      expect((await store.listState('silence')).map((r) => r.id)).toEqual(['s1'])
    })

    it('putState() keeps only the last document when the same id is put several times in a row', async () => {
      for (let i = 0; i < 5; i++) await store.putState('alert', 'x', { version: i })
      expect((await store.getState('alert', 'x'))?.doc).toEqual({ version: 4 })
      expect(await store.listState('alert')).toHaveLength(1)
    })

    it('deleteState() removes one document and is quiet when it is already gone', async () => {
      await store.putState('alert', 'keep', { a: 1 })
      await store.putState('alert', 'drop', { a: 2 })
      await store.deleteState('alert', 'drop')
      await store.deleteState('alert', 'never-there')
      expect((await store.listState('alert')).map((r) => r.id)).toEqual(['keep'])
      expect(await store.getState('alert', 'drop')).toBeNull()
      await store.putState('alert', 'drop', { a: 3 })
      expect((await store.getState('alert', 'drop'))?.doc).toEqual({ a: 3 })
    })

    it('putState() refuses a value that is not JSON and names the kind and id', async () => {
      await expect(store.putState('alert', 'f', () => 1)).rejects.toThrow(/putState\(alert, f\)/)
    })

    it('readAudit() returns entries newest first, filtered by kind, target and since, up to the limit', async () => {
      const entry = (offset: number, k: string, target: string, action: string) => ({
        at: at(offset),
        kind: k,
        actor: 'ops-anna',
        role: 'operator',
        action,
        target,
        detail: { comment: `on it, "${action}"` },
      })
      await store.appendAudit(entry(0, 'alert', 'a1', 'firing'))
      await store.appendAudit(entry(MINUTE, 'alert', 'a1', 'ack'))
      await store.appendAudit(entry(2 * MINUTE, 'silence', 's1', 'silence.create'))
      await store.appendAudit(entry(3 * MINUTE, 'alert', 'a2', 'firing'))
      const all = await store.readAudit({})
      expect(all.map((e) => e.action)).toEqual(['firing', 'silence.create', 'ack', 'firing'])
      expect(all[2]).toEqual(entry(MINUTE, 'alert', 'a1', 'ack'))
      expect((await store.readAudit({ kind: 'alert' })).map((e) => e.target)).toEqual(['a2', 'a1', 'a1'])
      expect((await store.readAudit({ kind: 'alert', target: 'a1' })).map((e) => e.action)).toEqual(['ack', 'firing'])
      expect((await store.readAudit({ since: at(2 * MINUTE) })).map((e) => e.action)).toEqual(['firing', 'silence.create'])
      expect((await store.readAudit({ limit: 1 })).map((e) => e.target)).toEqual(['a2'])
    })

    it('readAudit() keeps every entry and their order when several share one millisecond', async () => {
      for (let i = 0; i < 4; i++) {
        await store.appendAudit({
          at: at(0),
          kind: 'alert',
          actor: 'headroom',
          role: 'system',
          action: `step-${i}`,
          target: 'same',
          detail: i,
        })
      }
      expect((await store.readAudit({ target: 'same' })).map((e) => e.detail)).toEqual([3, 2, 1, 0])
    })

    it('state and audit survive close() and a new store on the same data', async () => {
      await store.putState('alert', 'persist', { state: 'firing' })
      await store.appendAudit({
        at: at(0),
        kind: 'alert',
        actor: 'a',
        role: 'operator',
        action: 'ack',
        target: 'persist',
        detail: null,
      })
      await store.close()
      store = open()
      await store.init()
      expect((await store.getState('alert', 'persist'))?.doc).toEqual({ state: 'firing' })
      expect((await store.readAudit({ target: 'persist' })).map((e) => e.action)).toEqual(['ack'])
    })
  })
}
