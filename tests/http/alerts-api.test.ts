// The alerts API and socket commands against a real in-process server with
// tokens: viewers and display screens read, only operators acknowledge and
// silence, every action lands in the audit trail, bad input is named, no
// response carries a notifier's credentials, and a bad alerts.yaml on hot
// reload keeps the rules in force.
import { unpack } from '../support/packed.ts'
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import type { AlertsResponse, HistoryResponse, RulesResponse, Silence } from '../../server/http/api-types/alerts.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { EDGE_RULE, startMetricSource, writeAlertConfig, type MetricSource } from '../alerts/e2e-setup.ts'
import { waitFor } from '../support/services.ts'

const TOKENS = { viewer: 'viewer-token-1', operator: 'operator-token-1', display: 'display-token-1' }

const ALERTS = `evaluationInterval: 1s
groups:
${EDGE_RULE}
notifiers:
  webhooks:
    - name: ops
      url: http://hookuser:hookpass@127.0.0.1:9/hooks/T000/B000/SECRETPATH?token=querysecret
      secret: hmac-secret-value
      backoff: { initial: 1s, max: 2s }
`

describe('alerts API and socket commands', () => {
  let server: RunningServer
  let dir: string
  let source: MetricSource
  const sockets: Socket[] = []

  const call = async (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    })
  const alerts = async () => (await (await call('/api/alerts', TOKENS.viewer)).json()) as AlertsResponse
  const firingId = async () => (await alerts()).alerts.find((a) => a.state === 'firing')?.id ?? ''
  const health = async () => (await (await fetch(`${server.url}/api/health`)).json()) as { configError: string | null }
  const rules = async () => (await (await call('/api/alerts/rules', TOKENS.viewer)).json()) as RulesResponse

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-alerts-api-'))
    source = await startMetricSource(95)
    writeAlertConfig(join(dir, 'config'), source.url, ALERTS)
    const settings = readSettings({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: join(dir, 'data'),
      HEADROOM_CONFIG_DIR: join(dir, 'config'),
      HEADROOM_BACKFILL_DAYS: '0',
      HEADROOM_VIEWER_TOKEN: TOKENS.viewer,
      HEADROOM_OPERATOR_TOKEN: TOKENS.operator,
      HEADROOM_DISPLAY_TOKEN: TOKENS.display,
    })
    server = await startServer(settings, createLogger('silent'))
    await waitFor('the edge alert to fire', async () => (await firingId()) !== '')
  })
  afterAll(async () => {
    for (const s of sockets) s.disconnect()
    await server?.close()
    await source?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('lets viewers and display screens read alerts, and filters by state, severity and application', async () => {
    expect((await call('/api/alerts', TOKENS.viewer)).status).toBe(200)
    const display = await fetch(`${server.url}/api/alerts?token=${TOKENS.display}`)
    expect(display.status).toBe(200)
    expect(((await display.json()) as AlertsResponse).summary.firing).toBe(1)
    const filtered = async (q: string) =>
      ((await (await call(`/api/alerts?${q}`, TOKENS.viewer)).json()) as AlertsResponse).alerts
    expect(await filtered('state=firing&severity=critical&app=edge')).toHaveLength(1)
    expect(await filtered('app=core')).toHaveLength(0)
    const bad = await call('/api/alerts?state=burning', TOKENS.viewer)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toContain('state: "burning" is not one of pending, firing, resolved')
  })

  it('refuses acknowledgement and silences to viewers and display tokens with a sentence naming the role', async () => {
    const id = await firingId()
    for (const token of [TOKENS.viewer, TOKENS.display]) {
      const ack = await call(`/api/alerts/${id}/ack`, token, { method: 'POST', body: '{}' })
      expect(ack.status).toBe(403)
      expect(((await ack.json()) as { error: string }).error).toMatch(/needs the operator role/)
      const silence = await call('/api/alerts/silences', token, { method: 'POST', body: '{}' })
      expect(silence.status).toBe(403)
    }
    expect((await alerts()).alerts[0]?.ack).toBeNull()
  })

  it('records an operator acknowledgement with author and comment in the alert and the audit trail', async () => {
    const id = await firingId()
    const res = await call(`/api/alerts/${id}/ack`, TOKENS.operator, {
      method: 'POST',
      body: JSON.stringify({ comment: 'scaling out' }),
    })
    expect(res.status).toBe(200)
    expect((await alerts()).alerts[0]?.ack).toMatchObject({ by: 'env:operator', comment: 'scaling out' })
    const history = (await (await call(`/api/alerts/history?target=${id}`, TOKENS.viewer)).json()) as HistoryResponse
    expect(history.entries[0]).toMatchObject({
      actor: 'env:operator',
      role: 'operator',
      action: 'ack',
      detail: { comment: 'scaling out' },
    })
    expect(history.entries.map((e) => e.action)).toContain('firing')
    const byApp = (await (await call('/api/alerts/history?app=edge&metric=sessions', TOKENS.viewer)).json()) as HistoryResponse
    expect(byApp.entries.length).toBeGreaterThanOrEqual(2)
    expect((await call(`/api/alerts/${id}/ack`, TOKENS.operator, { method: 'DELETE' })).status).toBe(200)
    expect((await call('/api/alerts/nope/ack', TOKENS.operator, { method: 'POST', body: '{}' })).status).toBe(404)
  })

  it('names the field at fault in a bad silence and creates and expires a good one', async () => {
    const post = (body: unknown) => call('/api/alerts/silences', TOKENS.operator, { method: 'POST', body: JSON.stringify(body) })
    const noComment = await post({ matchers: [{ name: 'app', value: 'edge' }], duration: '1h' })
    expect(noComment.status).toBe(400)
    expect(((await noComment.json()) as { error: string }).error).toMatch(/comment/)
    const everything = await post({ matchers: [{ name: 'app', value: '.*', isRegex: true }], duration: '1h', comment: 'x' })
    expect(((await everything.json()) as { error: string }).error).toMatch(/would hide every alert/)
    const badDuration = await post({ matchers: [{ name: 'app', value: 'edge' }], duration: 'soon', comment: 'x' })
    expect(((await badDuration.json()) as { error: string }).error).toMatch(/duration/)

    const created = await post({ matchers: [{ name: 'app', value: 'edge' }], duration: '1h', comment: 'maintenance' })
    expect(created.status).toBe(201)
    const silence = (await created.json()) as Silence
    expect(silence.createdBy).toBe('env:operator')
    await waitFor(
      'the alert to show as silenced',
      async () => (await alerts()).alerts[0]?.silencedBy.includes(silence.id) ?? false,
    )
    const expired = await call(`/api/alerts/silences/${silence.id}`, TOKENS.operator, { method: 'DELETE' })
    expect(expired.status).toBe(200)
    await waitFor('the silence to stop applying', async () => (await alerts()).alerts[0]?.silencedBy.length === 0)
    const trail = (await (await call('/api/alerts/history?kind=silence', TOKENS.viewer)).json()) as HistoryResponse
    expect(trail.entries.map((e) => e.action)).toEqual(['silence.expire', 'silence.create'])
  })

  it('pushes `alerts` to every socket and accepts ackAlert only from operators', async () => {
    const open = async (token: string) => {
      const socket = connect(server.url, { auth: { token }, transports: ['websocket'] })
      sockets.push(socket)
      const first = new Promise<AlertsResponse>((resolve) => socket.once('alerts', (p: unknown) => resolve(unpack(p))))
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        socket.once('connect_error', reject)
      })
      return { socket, first: await first }
    }
    const display = await open(TOKENS.display)
    expect(display.first.summary.firing).toBe(1)
    const id = display.first.alerts[0]?.id
    const refused = (await display.socket.emitWithAck('ackAlert', { id, comment: 'from the wall' })) as {
      ok: boolean
      error?: string
    }
    expect(refused).toEqual({
      ok: false,
      error: expect.stringMatching(/ackAlert needs the operator role; your token is the read-only display token/),
    })
    const operator = await open(TOKENS.operator)
    const pushed = new Promise<AlertsResponse>((resolve) =>
      display.socket.on('alerts', (p: unknown) => {
        const s = unpack<AlertsResponse>(p)
        if (s.alerts[0]?.ack) resolve(s)
      }),
    )
    const ok = (await operator.socket.emitWithAck('ackAlert', { id, comment: 'on it' })) as {
      ok: boolean
      data?: { ack: { by: string } }
    }
    expect(ok.ok).toBe(true)
    expect(ok.data?.ack.by).toBe('env:operator')
    expect((await pushed).alerts[0]?.ack?.comment).toBe('on it')
    const bad = (await operator.socket.emitWithAck('createSilence', { matchers: [] })) as { ok: boolean; error?: string }
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/matchers/)
  })

  it('never shows a notifier’s credentials, URL path or query, or its signing secret', async () => {
    const text = await (await call('/api/alerts/rules', TOKENS.viewer)).text()
    for (const secret of ['hookpass', 'hookuser', 'SECRETPATH', 'querysecret', 'hmac-secret-value'])
      expect(text).not.toContain(secret)
    const body = JSON.parse(text) as RulesResponse
    expect(body.notifiers).toEqual([
      expect.objectContaining({ name: 'webhook:ops', target: 'http://127.0.0.1:9/…', signed: true }),
    ])
    const metrics = await (await call('/metrics', TOKENS.viewer)).text()
    expect(metrics).not.toContain('querysecret')
  })

  it('keeps the rules in force when alerts.yaml is edited badly, applies a good edit, and falls back to defaults without it', async () => {
    const path = join(dir, 'config', 'alerts.yaml')
    const good = await readFile(path, 'utf8')
    await writeFile(path, good.replace('for: 2s', 'for: two seconds'))
    await waitFor('the refused reload', async () => (await health()).configError !== null, 15_000)
    expect((await health()).configError).toMatch(/alerts\.yaml:\d+:\d+ groups\[0\]\.rules\[0\]\.for: expected a duration/)
    expect((await rules()).rules.map((r) => r.for)).toEqual(['2s'])

    await writeFile(path, good.replace('for: 2s', 'for: 3s'))
    await waitFor('the good edit to apply', async () => (await rules()).rules[0]?.for === '3s', 15_000)
    expect((await health()).configError).toBeNull()

    await unlink(path)
    await waitFor('the built-in defaults', async () => (await rules()).source === 'defaults', 15_000)
    expect((await rules()).rules.map((r) => r.alert)).toEqual([
      'OrderByDateReached',
      'CriticalUtilisation',
      'CollectorDown',
      'SeriesStale',
    ])
  })
})
