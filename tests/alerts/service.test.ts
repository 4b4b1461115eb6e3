// The alert service with fake timers over a real DuckDB store: `for`,
// hysteresis, silences, inhibition, acknowledgement and a restart, judged by
// what a notifier receives and what the store keeps.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AlertActionError } from '../../server/alerts/evaluation/actions.ts'
import { webhookOwed } from '../../server/alerts/notifiers/webhook.ts'
import type { Notifier, NotifierHooks } from '../../server/alerts/notifiers/types.ts'
import { createAlertService, type AlertService } from '../../server/alerts/service.ts'
import { createDuckDbStore } from '../../server/store/duckdb.ts'
import { createInfluxStore } from '../../server/store/influx.ts'
import type { Store } from '../../server/store/types.ts'
import { influxdBinary, startInfluxd, type RunningInfluxd } from '../support/influxd.ts'
import { alertsConfig, context, snapshot, T0 } from './support.ts'

const log = pino({ level: 'silent' })
const SEC = 1000

/** Records what a webhook would send (the real webhookOwed decides) and confirms it, unless down. */
class RecordingNotifier implements Notifier {
  readonly name = 'webhook:test'
  sent: string[] = []
  down = false
  constructor(private readonly hooks: NotifierHooks) {}
  update(alerts: Parameters<Notifier['update']>[0]): void {
    if (this.down) return
    for (const a of alerts) {
      const owed = webhookOwed(a, this.name)
      if (!owed) continue
      this.sent.push(`${a.alertname}/${a.labels.app ?? a.labels.chain}:${owed}`)
      this.hooks.onDelivered(a.id, this.name, { state: owed, episode: a.activeAt, at: new Date().toISOString() })
    }
  }
  stats() {
    return {
      name: this.name,
      kind: 'webhook' as const,
      target: '',
      signed: false,
      queued: 0,
      sent: this.sent.length,
      failed: 0,
      dropped: 0,
      lastError: null,
      lastSuccessAt: null,
      nextAttemptAt: null,
    }
  }
  stop(): void {}
}

/** The whole suite over one kind of store: state and audit must behave the same on both. */
function serviceSuite(kind: string, makeStore: (dir: string) => Store): void {
  describe(`alert service on ${kind}`, () => {
    let dir: string
    let store: Store
    let values: Record<string, number>
    let services: AlertService[] = []
    let notifier: RecordingNotifier

    beforeEach(async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
      vi.setSystemTime(T0)
      dir = mkdtempSync(join(tmpdir(), 'headroom-alerts-'))
      store = makeStore(dir)
      await store.init()
      values = { 'gw/tps': 10, 'db/conn': 10 }
    })
    afterEach(async () => {
      for (const s of services) await s.stop()
      services = []
      vi.useRealTimers()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })

    async function start(groups: unknown[]): Promise<AlertService> {
      const cfg = alertsConfig(groups)
      const service = createAlertService({
        store,
        config: () => cfg,
        context: () => context(snapshot(values, new Date()), new Date()),
        log,
        externalUrl: () => 'http://headroom.test',
        makeNotifiers: (_c, hooks) => [(notifier = new RecordingNotifier(hooks))],
      })
      services.push(service)
      await service.start()
      return service
    }

    const hot = (extra: Record<string, unknown> = {}) => [
      {
        name: 'cap',
        rules: [{ alert: 'Hot', condition: { type: 'utilisation', measure: 'latest' }, select: { app: 'gw' }, ...extra }],
      },
    ]
    const stateOf = (s: AlertService) => s.state().alerts.map((a) => `${a.alertname}/${a.labels.app}:${a.state}`)
    /** Sets gw's value and lets one evaluation interval pass. */
    /**
     * Fake time on, then an evaluation that has seen it: the interval's evaluation yields the event
     * loop between slices (real setImmediate), so on a busy machine it can still be running here.
     */
    async function advance(ms: number): Promise<void> {
      await vi.advanceTimersByTimeAsync(ms)
      await services.at(-1)?.evaluate()
    }

    async function tick(gw: number): Promise<void> {
      values['gw/tps'] = gw
      await advance(15 * SEC)
    }

    it('goes pending at once and firing only after `for` has passed, then notifies once', async () => {
      const service = await start(hot({ for: '5m' }))
      await tick(90)
      expect(stateOf(service)).toEqual(['Hot/gw:pending'])
      await advance(4 * 60 * SEC)
      expect(stateOf(service)).toEqual(['Hot/gw:pending'])
      expect(notifier.sent).toEqual([])
      await advance(60 * SEC)
      expect(stateOf(service)).toEqual(['Hot/gw:firing'])
      const firing = service.state().alerts[0]
      expect(Date.parse(firing!.firedAt!) - Date.parse(firing!.activeAt)).toBeGreaterThanOrEqual(5 * 60 * SEC)
      await advance(5 * 60 * SEC)
      expect(notifier.sent).toEqual(['Hot/gw:firing'])
    })

    it('holds a value flapping around the threshold in firing and resolves only below the margin', async () => {
      const service = await start(hot())
      for (const v of [90, 84, 86, 81, 88, 80.5, 85]) {
        await tick(v)
        expect(stateOf(service)).toEqual(['Hot/gw:firing'])
      }
      expect(notifier.sent).toEqual(['Hot/gw:firing'])
      await tick(79)
      expect(stateOf(service)).toEqual(['Hot/gw:resolved'])
      expect(notifier.sent).toEqual(['Hot/gw:firing', 'Hot/gw:resolved'])
    })

    it('flaps without hysteresis, which is what the margin prevents', async () => {
      const service = await start(hot({ hysteresis: 0 }))
      const seen: string[] = []
      for (const v of [90, 84, 86, 84]) {
        await tick(v)
        seen.push(stateOf(service)[0] ?? 'none')
      }
      expect(seen).toEqual(['Hot/gw:firing', 'Hot/gw:resolved', 'Hot/gw:firing', 'Hot/gw:resolved'])
    })

    it('a silence hides a firing alert from notifiers until it is expired', async () => {
      const service = await start(hot())
      const operator = { name: 'anna', role: 'operator' }
      const silence = service.createSilence(
        { matchers: [{ name: 'app', value: 'gw' }], duration: '2h', comment: 'load test tonight' },
        operator,
      )
      await tick(95)
      const [alert] = service.state().alerts
      expect(alert?.state).toBe('firing')
      expect(alert?.silencedBy).toEqual([silence.id])
      expect(service.state().summary.exceptions).toBe(0)
      await tick(96)
      expect(notifier.sent).toEqual([])
      service.expireSilence(silence.id, operator)
      await tick(96)
      expect(notifier.sent).toEqual(['Hot/gw:firing'])
      const trail = await service.history({ kind: 'silence' })
      expect(trail.map((e) => `${e.actor}:${e.action}`)).toEqual(['anna:silence.expire', 'anna:silence.create'])
    })

    it('inhibits the echo of a firing bottleneck along its chain and sends only the cause', async () => {
      const service = await start([
        {
          name: 'cap',
          rules: [{ alert: 'Hot', condition: { type: 'utilisation', measure: 'latest' }, select: { chain: 'orders' } }],
        },
      ])
      values = { 'gw/tps': 88, 'db/conn': 48 }
      await advance(15 * SEC)
      const alerts = service.state().alerts
      const gw = alerts.find((a) => a.labels.app === 'gw')
      const db = alerts.find((a) => a.labels.app === 'db')
      expect(gw?.state).toBe('firing')
      expect(gw?.inhibitedBy).toBe(db?.id)
      expect(db?.inhibitedBy).toBeNull()
      expect(notifier.sent).toEqual(['Hot/db:firing'])
    })

    it('restores a firing alert after a restart without sending it again, and sends its resolution', async () => {
      const first = await start(hot())
      await tick(95)
      expect(notifier.sent).toEqual(['Hot/gw:firing'])
      const before = first.state().alerts[0]
      await first.stop()
      services = []

      const second = await start(hot())
      await tick(95)
      const after = second.state().alerts[0]
      expect(after?.state).toBe('firing')
      expect(after?.activeAt).toBe(before?.activeAt)
      expect(after?.firedAt).toBe(before?.firedAt)
      expect(notifier.sent).toEqual([])
      await tick(10)
      expect(notifier.sent).toEqual(['Hot/gw:resolved'])
      const trail = await second.history({ kind: 'alert', target: after!.id })
      expect(trail.map((e) => e.action)).toEqual(['resolved', 'firing'])
    })

    it('delivers after a restart what a notifier that was down never confirmed', async () => {
      const first = await start(hot())
      notifier.down = true
      await tick(95)
      expect(notifier.sent).toEqual([])
      await first.stop()
      services = []
      await start(hot())
      await tick(95)
      expect(notifier.sent).toEqual(['Hot/gw:firing'])
    })

    it('records acknowledgements with author and comment, and refuses an unknown alert', async () => {
      const service = await start(hot())
      await tick(95)
      const id = service.state().alerts[0]!.id
      service.acknowledge(id, { name: 'anna', role: 'operator' }, { comment: 'adding a node' })
      expect(service.state().alerts[0]?.ack).toMatchObject({ by: 'anna', comment: 'adding a node' })
      expect(service.state().summary.exceptions).toBe(0)
      expect(() => service.acknowledge('nope', { name: 'anna', role: 'operator' }, {})).toThrow(AlertActionError)
      await vi.advanceTimersByTimeAsync(SEC)
      await services[0]!.stop()
      services = []
      const again = await start(hot())
      expect(again.state().alerts[0]?.ack?.by).toBe('anna')
      const trail = await again.history({ kind: 'alert', target: id })
      expect(trail[0]).toMatchObject({ actor: 'anna', role: 'operator', action: 'ack', detail: { comment: 'adding a node' } })
    })
  })
}

serviceSuite('DuckDB', (dir) => createDuckDbStore({ path: join(dir, 'store.duckdb') }))

describe.skipIf(!influxdBinary.path)('on InfluxDB', () => {
  let influxd: RunningInfluxd
  let n = 0
  beforeAll(async () => {
    influxd = await startInfluxd()
  })
  afterAll(async () => {
    await influxd?.stop()
  })
  serviceSuite('InfluxDB', () => createInfluxStore({ url: `http://127.0.0.1:${influxd.port}/alerts_${++n}` }))
})
