// End to end against a real Alertmanager (Debian prometheus-alertmanager) and
// a local webhook receiver: a metric driven over its threshold fires in the
// app, at the webhook (signature checked) and in Alertmanager, and resolves
// in all three when it comes back. Then the failure cases: a webhook that
// hangs or refuses, an Alertmanager that is stopped, and a Headroom restart.
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertsResponse, AlertView } from '../../server/http/api-types/alerts.ts'
import type { WebhookBody } from '../../server/alerts/notifiers/webhook.ts'
import { alertmanagerBinary, startAlertmanager, type RunningAlertmanager } from '../support/alertmanager.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { waitFor } from '../support/services.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts'
import { EDGE_RULE, startMetricSource, writeAlertConfig, type MetricSource } from './e2e-setup.ts'

const SECRET = 'e2e-webhook-secret-0123456789'
const PUBLIC_URL = 'http://headroom.test:8080'

describe.skipIf(!alertmanagerBinary.path)('alerts end to end: Headroom, a webhook and a real Alertmanager', () => {
  let am: RunningAlertmanager
  let hook: WebhookReceiver
  let source: MetricSource
  let server: RunningServer
  let configDir: string

  beforeAll(async () => {
    am = await startAlertmanager()
    hook = await startWebhookReceiver()
    source = await startMetricSource(10)
    configDir = mkdtempSync(join(tmpdir(), 'headroom-alert-config-'))
    writeAlertConfig(
      configDir,
      source.url,
      `evaluationInterval: 1s
resolvedRetention: 10m
groups:
${EDGE_RULE}
notifiers:
  alertmanager:
    url: ${am.url}
    resendInterval: 2s
    timeout: 5s
    backoff: { initial: 1s, max: 2s }
  webhooks:
    - name: ops
      url: ${hook.url}
      secretEnv: E2E_WEBHOOK_SECRET
      timeout: 60s
      backoff: { initial: 1s, max: 2s }
`,
    )
    server = await startServer({
      backfillDays: 0,
      env: { HEADROOM_CONFIG_DIR: configDir, HEADROOM_PUBLIC_URL: PUBLIC_URL, E2E_WEBHOOK_SECRET: SECRET },
    })
  })

  afterAll(async () => {
    await server?.dispose()
    await source?.close()
    await hook?.close()
    await am?.dispose()
    if (configDir) rmSync(configDir, { recursive: true, force: true })
  })

  const inApp = async (): Promise<AlertView | undefined> =>
    ((await (await fetch(`${server.url}/api/alerts`)).json()) as AlertsResponse).alerts.find(
      (a) => a.alertname === 'EdgeSessionsHigh',
    )
  const inAlertmanager = async () => (await am.alerts()).find((a) => a.labels.alertname === 'EdgeSessionsHigh')
  /** Every alert message the webhook accepted, as "status@startsAt". */
  const atWebhook = () => hook.accepted().flatMap((b) => (b as WebhookBody).alerts.map((a) => `${a.status}@${a.startsAt}`))
  const counter = async (name: string, notifier: string): Promise<number> => {
    const text = await (await fetch(`${server.url}/metrics`)).text()
    const m = new RegExp(`^${name}\\{notifier="${notifier}"\\} (\\d+)`, 'm').exec(text)
    return m ? Number(m[1]) : 0
  }

  it('fires in the app, at the webhook with a valid signature, and in Alertmanager when the metric crosses its threshold', async () => {
    expect(await inApp()).toBeUndefined()
    source.set(95)
    await waitFor('the alert firing in the app', async () => (await inApp())?.state === 'firing')
    const alert = await inApp()
    expect(alert?.labels).toMatchObject({ app: 'edge', metric: 'sessions', severity: 'critical', team: 'edge' })
    expect(alert?.annotations.summary).toBe('Edge gateway Sessions at 95 % of 100 sessions')
    // `for: 2s`: it was pending first.
    expect(Date.parse(alert!.firedAt!) - Date.parse(alert!.activeAt)).toBeGreaterThanOrEqual(2000)

    await waitFor('the firing message at the webhook', async () => atWebhook().includes(`firing@${alert?.firedAt}`))
    for (const r of hook.requests) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`
      expect(r.headers['x-headroom-signature-256']).toBe(expected)
    }
    const body = hook.accepted()[0] as WebhookBody
    expect(body.alerts[0]).toMatchObject({ alertname: 'EdgeSessionsHigh', generatorURL: `${PUBLIC_URL}/apps/edge`, endsAt: null })

    await waitFor('the alert in Alertmanager', async () => (await inAlertmanager()) !== undefined)
    const held = await inAlertmanager()
    expect(held?.status.state).toBe('active')
    expect(held?.labels).toMatchObject({ alertname: 'EdgeSessionsHigh', app: 'edge', severity: 'critical', team: 'edge' })
    expect(held?.annotations.runbook_url).toBe('https://wiki.example.org/runbooks/edge')
    expect(held?.generatorURL).toBe(`${PUBLIC_URL}/apps/edge`)
    expect(Date.parse(held!.startsAt)).toBe(Date.parse(alert!.firedAt!))
  })

  it('resolves in the app, at the webhook and in Alertmanager when the metric comes back', async () => {
    const firedAt = (await inApp())?.firedAt
    source.set(10)
    await waitFor('the alert resolved in the app', async () => (await inApp())?.state === 'resolved')
    await waitFor('the resolved message at the webhook', async () => atWebhook().includes(`resolved@${firedAt}`))
    const resolved = (hook.accepted() as WebhookBody[]).flatMap((b) => b.alerts).find((a) => a.status === 'resolved')
    expect(Date.parse(resolved!.endsAt!)).toBe(Date.parse((await inApp())!.resolvedAt!))
    // Alertmanager leaves resolved alerts (endsAt passed) out of /api/v2/alerts.
    await waitFor('Alertmanager to drop the resolved alert', async () => (await inAlertmanager()) === undefined)
    expect(atWebhook().filter((m) => m === `firing@${firedAt}`)).toHaveLength(1)
  })

  it('a webhook that hangs holds up neither evaluation nor Alertmanager, and gets the alert by retry once it answers', async () => {
    const failuresBefore = await counter('headroom_notifier_failures_total', 'webhook:ops')
    hook.setMode('hang')
    source.set(96)
    await waitFor('the new episode firing in the app', async () => (await inApp())?.state === 'firing')
    const firedAt = (await inApp())?.firedAt
    await waitFor('the new episode in Alertmanager', async () => {
      const held = await inAlertmanager()
      return held !== undefined && Date.parse(held.startsAt) === Date.parse(firedAt ?? '')
    })
    // Alertmanager has it while the webhook's request is still unanswered (its timeout is 60 s).
    expect(hook.hanging()).toBe(1)
    const s1 = (await (await fetch(`${server.url}/api/snapshot`)).json()) as { generatedAt: string }
    await waitFor('the snapshot to move on meanwhile', async () => {
      const s2 = (await (await fetch(`${server.url}/api/snapshot`)).json()) as { generatedAt: string }
      return s2.generatedAt !== s1.generatedAt
    })
    expect(hook.hanging()).toBe(1)

    hook.setMode('accept')
    await waitFor('the webhook to get the firing alert by retry', async () => atWebhook().includes(`firing@${firedAt}`))
    expect(await counter('headroom_notifier_failures_total', 'webhook:ops')).toBeGreaterThan(failuresBefore)
    expect(await counter('headroom_notifier_sends_total', 'webhook:ops')).toBeGreaterThanOrEqual(3)
  })

  it('with Alertmanager stopped the webhook still hears at once, and Alertmanager gets the alert when it is back', async () => {
    await am.stop()
    const failuresBefore = await counter('headroom_notifier_failures_total', 'alertmanager')
    const firedBefore = (await inApp())?.firedAt
    source.set(10)
    await waitFor('the webhook to hear the resolution', async () => atWebhook().includes(`resolved@${firedBefore}`))
    source.set(97)
    await waitFor('a new episode firing in the app', async () => {
      const a = await inApp()
      return a?.state === 'firing' && a.firedAt !== firedBefore
    })
    const firedAt = (await inApp())?.firedAt
    await waitFor('the webhook to hear the new episode', async () => atWebhook().includes(`firing@${firedAt}`))
    await waitFor(
      'failed Alertmanager sends to be counted',
      async () => (await counter('headroom_notifier_failures_total', 'alertmanager')) > failuresBefore,
    )

    await am.start()
    await waitFor('Alertmanager to get the firing alert once it is back', async () => {
      const held = await inAlertmanager()
      return held !== undefined && Date.parse(held.startsAt) === Date.parse(firedAt ?? '')
    })
  })

  it('after a Headroom restart the firing alert is still there with its start, and the webhook is not told again', async () => {
    const before = await inApp()
    expect(before?.state).toBe('firing')
    const firingMessages = atWebhook().filter((m) => m.startsWith('firing@')).length
    await server.restart()
    await waitFor('the restored alert in the app', async () => (await inApp())?.firedAt === before?.firedAt)
    expect((await inApp())?.state).toBe('firing')
    // Wait for Alertmanager sends from the new process (resend every 2 s): time enough for a webhook send too.
    await waitFor(
      'the new process to re-send to Alertmanager',
      async () => (await counter('headroom_notifier_sends_total', 'alertmanager')) >= 2,
    )
    const held = await inAlertmanager()
    expect(Date.parse(held!.startsAt)).toBe(Date.parse(before!.firedAt!))
    expect(atWebhook().filter((m) => m.startsWith('firing@'))).toHaveLength(firingMessages)
    expect(await counter('headroom_notifier_sends_total', 'webhook:ops')).toBe(0)
  })
})
