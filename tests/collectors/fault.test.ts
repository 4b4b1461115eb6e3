// Four sources through the real scheduler and the real http-json plugin:
// one hangs, one returns garbage, one refuses connections, one is healthy.
// The healthy one must keep its 1 s cadence, the others must show the right
// error in health, and nothing may crash. Real time, real sockets: this is
// the end-to-end proof of issue #4, not a unit test.
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScheduler, type CollectorHealth } from '../../collectors/scheduler.ts'
import type { Sample } from '../../collectors/types.ts'
import { collectorEntrySchema } from '../../server/config/schema.ts'
import { freePort } from '../support/services.ts'
import { testContext } from './plugins/http-json/plugin-harness.ts'
import { startRecordedServer, type RecordedServer } from './plugins/http-json/recorded-server.ts'

const field = { value: '$.measurements[0].value', app: 'sm2m', metric: 'active-sessions' }
const everySecond = '* * * * * *'

describe('scheduler with faulty sources', () => {
  let server: RecordedServer
  let refusedPort: number
  const healthyRuns: number[] = []
  const sunk: Sample[] = []
  const crashes: unknown[] = []
  const onCrash = (err: unknown): void => {
    crashes.push(err)
  }
  let health: Map<string, CollectorHealth>

  beforeAll(async () => {
    process.on('unhandledRejection', onCrash)
    process.on('uncaughtException', onCrash)
    server = await startRecordedServer({ basic: 'u:p', bearer: 't' })
    refusedPort = await freePort()
    const entry = (id: string, url: string, timeout = '2s') =>
      collectorEntrySchema.parse({
        id,
        type: 'http-json',
        schedule: everySecond,
        timeout,
        config: { timeout: '1h', endpoints: [{ url, fields: [field] }] },
      })
    const scheduler = createScheduler({
      entries: [
        entry('healthy', `${server.base}/actuator/metrics/tomcat.sessions.active.current`),
        // The run timeout (2.5 s) is the only thing that ends this one: the plugin's own is 1 h.
        entry('hang', `${server.base}/hang`, '2500ms'),
        entry('garbage', `${server.base}/behind-proxy`),
        entry('refused', `http://127.0.0.1:${refusedPort}/stats`),
      ],
      estate: testContext().estate,
      log: pino({ level: 'silent' }),
      sink: (samples) => sunk.push(...samples),
      // A short, fixed backoff so the failing sources are retried several times in the window.
      backoff: { baseMs: 1_000, maxMs: 1_000 },
      random: () => 0,
      onHealth: (h) => {
        if (h.id === 'healthy' && h.state === 'ok') healthyRuns.push(Date.now())
      },
    })
    scheduler.start()
    await new Promise((resolve) => setTimeout(resolve, 7_000))
    health = new Map(scheduler.health().map((h) => [h.id, h]))
    await scheduler.stop()
  })

  afterAll(async () => {
    process.off('unhandledRejection', onCrash)
    process.off('uncaughtException', onCrash)
    await server?.close()
  })

  it('keeps the healthy collector on its 1 s cadence while the others hang, lie and refuse', () => {
    expect(healthyRuns.length).toBeGreaterThanOrEqual(5)
    const gaps = healthyRuns.slice(1).map((t, i) => t - (healthyRuns[i] ?? t))
    // One tick may land late on a busy CI box, but never by the hang's 2.5 s timeout.
    expect(Math.max(...gaps)).toBeLessThan(2_000)
    expect(health.get('healthy')).toMatchObject({ state: 'ok', lastError: null, errorCount: 0, lastSamples: 1 })
    expect(sunk.filter((s) => s.metric === 'active-sessions' && s.value === 412).length).toBe(healthyRuns.length)
  })

  it('shows the run timeout for the hanging source and never runs it twice at once', () => {
    const hang = health.get('hang')
    expect(hang?.lastError?.message).toBe('[collector=hang] timed out after 2500ms')
    expect(hang?.skippedOverlaps).toBeGreaterThanOrEqual(1)
    expect(server.requests.filter((r) => r.path === '/hang').length).toBeLessThanOrEqual(3)
  })

  it('shows "not valid JSON" with the URL for the source that returns garbage', () => {
    const garbage = health.get('garbage')
    expect(garbage?.lastError?.message).toMatch(new RegExp(`^\\[url=${server.base}/behind-proxy\\] response is not valid JSON`))
    expect(garbage?.consecutiveFailures).toBeGreaterThanOrEqual(2)
    expect(garbage?.lastSuccess).toBeNull()
  })

  it('shows "connection refused" with the URL for the source nobody listens on', () => {
    const refused = health.get('refused')
    expect(refused?.lastError?.message).toBe(`[url=http://127.0.0.1:${refusedPort}/stats] connection refused (ECONNREFUSED)`)
    expect(refused?.consecutiveFailures).toBeGreaterThanOrEqual(2)
  })

  it('crashes nothing: no unhandled rejection or exception during the run', () => {
    expect(crashes).toEqual([])
  })
})
