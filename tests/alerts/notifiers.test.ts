// Notifier delivery on its own: exponential backoff between retries (fake
// timers over a fake send), the webhook's bounded queue against a real local
// receiver that refuses, and the Alertmanager payload for firing and
// resolved alerts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { alertmanagerAlerts } from '../../server/alerts/notifiers/alertmanager.ts'
import { backoffDelay, createSendLoop } from '../../server/alerts/notifiers/send-loop.ts'
import type { NotifierHooks } from '../../server/alerts/notifiers/types.ts'
import { createWebhookNotifier, signBody } from '../../server/alerts/notifiers/webhook.ts'
import type { AlertView } from '../../server/alerts/evaluation/view.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts'
import { waitFor } from '../support/services.ts'
import { T0 } from './support.ts'

function view(id: string, state: AlertView['state'], extra: Partial<AlertView> = {}): AlertView {
  return {
    id,
    alertname: 'Hot',
    group: 'g',
    condition: 'utilisation',
    labels: { alertname: 'Hot', app: 'gw', metric: id, severity: 'critical' },
    annotations: { summary: `gw ${id} is hot` },
    state,
    activeAt: T0.toISOString(),
    firedAt: T0.toISOString(),
    resolvedAt: state === 'resolved' ? new Date(T0.getTime() + 60_000).toISOString() : null,
    value: 0.9,
    lastEvalAt: T0.toISOString(),
    ack: null,
    delivered: {},
    severity: 'critical',
    silencedBy: [],
    inhibitedBy: null,
    ...extra,
  }
}

describe('backoffDelay()', () => {
  it.each([
    { failures: 1, expected: 1000 },
    { failures: 2, expected: 2000 },
    { failures: 4, expected: 8000 },
    { failures: 10, expected: 60_000 },
  ])('is $expected ms after $failures failures (1 s doubling, capped at 60 s)', ({ failures, expected }) => {
    expect(backoffDelay(failures, { initialMs: 1000, maxMs: 60_000 })).toBe(expected)
  })
})

describe('createSendLoop()', () => {
  afterEach(() => vi.useRealTimers())

  it('retries a failing send at 1, 2, 4 s and delivers once the receiver is back, counting each try', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const start = Date.now()
    const tries: number[] = []
    let up = false
    const outcomes = { ok: 0, failed: 0 }
    const loop = createSendLoop({
      attempt: async () => {
        tries.push(Date.now() - start)
        if (!up) throw new Error('connection refused')
        return false
      },
      backoff: { initialMs: 1000, maxMs: 60_000 },
      idleResendMs: null,
      onSuccess: () => outcomes.ok++,
      onFailure: () => outcomes.failed++,
    })
    loop.kick()
    await vi.advanceTimersByTimeAsync(6_500)
    expect(tries).toEqual([0, 1000, 3000])
    // A kick while waiting out a failure does not hammer the receiver.
    loop.kick()
    await vi.advanceTimersByTimeAsync(100)
    expect(tries).toHaveLength(3)
    up = true
    await vi.advanceTimersByTimeAsync(1000)
    expect(tries).toEqual([0, 1000, 3000, 7000])
    expect(outcomes).toEqual({ ok: 1, failed: 3 })
    expect(loop.state().lastError).toBeNull()
    loop.stop()
  })
})

describe('webhook notifier against a local receiver', () => {
  let receiver: WebhookReceiver
  afterEach(async () => {
    await receiver?.close()
  })

  function notifier(maxQueue: number, events: string[]) {
    const hooks: NotifierHooks = {
      onSent: () => events.push('sent'),
      onFailed: () => events.push('failed'),
      onDropped: (_n, count) => events.push(`dropped ${count}`),
      onDelivered: (id, _n, d) => events.push(`delivered ${id} ${d.state}`),
    }
    return createWebhookNotifier(
      { name: 'ops', url: receiver.url, secret: 'k', timeoutMs: 5000, backoff: { initialMs: 200, maxMs: 400 }, maxQueue },
      { externalUrl: () => 'http://headroom.test', hooks },
    )
  }

  it('keeps at most maxQueue messages while the receiver refuses, counts the dropped, then delivers the rest signed', async () => {
    receiver = await startWebhookReceiver()
    receiver.setMode('refuse')
    const events: string[] = []
    const hook = notifier(2, events)
    hook.update([view('a', 'firing'), view('b', 'firing'), view('c', 'firing')], T0)
    expect(events).toContain('dropped 1')
    await waitFor('a refused attempt', async () => events.includes('failed'))
    expect(hook.stats()).toMatchObject({ queued: 2, dropped: 1, sent: 0 })
    receiver.setMode('accept')
    await waitFor('delivery once the receiver accepts', async () => events.includes('sent'))
    expect(events.filter((e) => e.startsWith('delivered'))).toEqual(['delivered b firing', 'delivered c firing'])
    const ok = receiver.requests.find((r) => r.answered === 'accept')
    expect(ok?.headers['x-headroom-signature-256']).toBe(signBody('k', ok?.body ?? ''))
    expect(hook.stats().queued).toBe(0)
    hook.stop()
  })

  it('does not queue an alert it was already told about, and owes a resolution only after the firing', async () => {
    receiver = await startWebhookReceiver()
    const events: string[] = []
    const hook = notifier(10, events)
    const told = { 'webhook:ops': { state: 'firing' as const, episode: T0.toISOString(), at: '' } }
    hook.update([view('a', 'firing', { delivered: told }), view('b', 'resolved')], T0)
    hook.update([view('c', 'resolved', { delivered: told })], T0)
    await waitFor('the one owed message', async () => events.includes('sent'))
    expect(events.filter((e) => e.startsWith('delivered'))).toEqual(['delivered c resolved'])
    hook.stop()
  })
})

describe('alertmanagerAlerts()', () => {
  it('sends firing alerts with endsAt four resend intervals ahead and owed resolutions with endsAt when they resolved', () => {
    const told = { alertmanager: { state: 'firing' as const, episode: T0.toISOString(), at: '' } }
    const out = alertmanagerAlerts(
      [
        view('a', 'firing'),
        view('s', 'firing', { silencedBy: ['x'] }),
        view('i', 'firing', { inhibitedBy: 'a' }),
        view('r', 'resolved', { delivered: told }),
        view('never-told', 'resolved'),
        view('p', 'pending'),
      ],
      T0,
      60_000,
      'http://headroom.test/',
    )
    expect(out.map((o) => `${o.view.id}:${o.state}`)).toEqual(['a:firing', 'r:resolved'])
    expect(out[0]?.alert).toMatchObject({
      startsAt: T0.toISOString(),
      endsAt: new Date(T0.getTime() + 240_000).toISOString(),
      generatorURL: 'http://headroom.test/apps/gw',
    })
    expect(out[1]?.alert.endsAt).toBe(new Date(T0.getTime() + 60_000).toISOString())
  })
})
