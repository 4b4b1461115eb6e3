// A perf-test run recorded from monitoring, end to end: the example config's
// perf-rig simulator (environment: perf, half of live, OT/OI full size) fills
// the store with labelled samples; a run recorded over a window of them, over
// REST and with `headroom perf-run`, offers its sustained peaks scaled to live
// as perf-test evidence, which GET /api/feedback then sets against live peaks.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeedbackResponse } from '../../server/views/responses.ts'
import type { PerfRunsRecorded, PerfRunsResponse } from '../../server/http/api-types/plan.ts'
import type { SeriesResponse } from '../../server/http/api-types/core.ts'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { waitFor } from '../support/services.ts'

const OPERATOR = 'perf-operator-secret'
const VIEWER = 'perf-viewer-secret'
const HOUR = 3_600_000

describe('perf-test runs from monitoring', () => {
  let server: RunningServer
  // A window of backfilled history: whole 5-minute samples, three hours, ending an hour ago.
  const to = new Date(Math.floor((Date.now() - HOUR) / (5 * 60_000)) * 5 * 60_000)
  const from = new Date(to.getTime() - 3 * HOUR)
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

  beforeAll(async () => {
    server = await startServer({
      backfillDays: 1,
      token: VIEWER,
      env: { HEADROOM_OPERATOR_TOKEN: OPERATOR, HEADROOM_VIEWER_TOKEN: VIEWER },
    })
    await waitFor(
      'backfill',
      async () =>
        ((await (await call(VIEWER, 'GET', '/api/health')).json()) as { backfill: { state: string } }).backfill.state === 'done',
      90_000,
    )
  }, 120_000)
  afterAll(async () => {
    await server?.dispose()
  })

  it('keeps the perf rig out of live load: the live series and the perf series of SM2M differ', async () => {
    const q = `app=sm2m&metric=messages-per-second&from=${from.toISOString()}&to=${to.toISOString()}&step=300000`
    const live = (await (await call(VIEWER, 'GET', `/api/series?${q}`)).json()) as SeriesResponse
    const perf = (await (await call(VIEWER, 'GET', `/api/series?${q}&environment=perf`)).json()) as SeriesResponse
    expect(perf.points.length).toBeGreaterThan(30)
    const mean = (s: SeriesResponse) => s.points.reduce((n, p) => n + p.mean, 0) / s.points.length
    // The rig carries half the hubs and installs of live (how much less its load is depends on the hour: campaigns, busy windows).
    expect(mean(perf)).toBeLessThan(mean(live))
    // Both are backfilled one sample per 5 minutes in this window: a live bucket holding two samples would mean the rig's leaked in.
    expect(live.points.length).toBeGreaterThan(30)
    expect(live.points.filter((p) => p.count !== 1)).toEqual([])
    expect(perf.points.filter((p) => p.count !== 1)).toEqual([])
  })

  it('refuses a viewer and names an unknown environment', async () => {
    expect(
      (await call(VIEWER, 'POST', '/api/perf-runs', { environment: 'perf', from: from.toISOString(), to: to.toISOString() }))
        .status,
    ).toBe(403)
    const res = await call(OPERATOR, 'POST', '/api/perf-runs', {
      environment: 'staging',
      from: from.toISOString(),
      to: to.toISOString(),
    })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toBe('environment: unknown environment "staging"; declared: perf')
  })

  it('records a run: each sustained peak scaled by the environment to live, offered as perf-test evidence in feedback', async () => {
    const res = await call(OPERATOR, 'POST', '/api/perf-runs', {
      environment: 'perf',
      from: from.toISOString(),
      to: to.toISOString(),
      name: 'PT soak',
    })
    expect(res.status).toBe(201)
    const { runs } = (await res.json()) as PerfRunsRecorded
    const run = runs[0]!
    expect(run.stepMs).toBe(300_000) // the backfill's own 5-minute spacing
    const sm2m = run.peaks.find((p) => p.app === 'sm2m' && p.metric === 'messages-per-second')!
    const otoi = run.peaks.find((p) => p.app === 'ot-oi' && p.metric === 'api-requests-per-second')!
    expect(sm2m.environmentScale).toBe(0.5)
    // Both figures are rounded to 0.01, so they agree to within that.
    expect(Math.abs(sm2m.liveEquivalent - sm2m.measured / 0.5)).toBeLessThanOrEqual(0.011)
    expect(otoi.environmentScale).toBe(1)
    expect(Math.abs(otoi.liveEquivalent - otoi.measured)).toBeLessThanOrEqual(0.011)
    // The sustained peak (5 min = one 5-minute bucket here) is the highest bucket mean of the rig's series in the window.
    const q = `app=sm2m&metric=messages-per-second&from=${from.toISOString()}&to=${to.toISOString()}&step=300000&environment=perf`
    const perf = (await (await call(VIEWER, 'GET', `/api/series?${q}`)).json()) as SeriesResponse
    expect(Math.abs(sm2m.measured - Math.max(...perf.points.map((p) => p.mean)))).toBeLessThanOrEqual(0.006)
    expect(sm2m.utilisation.map((u) => u.metric)).toEqual(['cpu-percent'])

    let feedback: FeedbackResponse | null = null
    await waitFor(
      'the run in feedback',
      async () => {
        const r = await call(VIEWER, 'GET', '/api/feedback')
        if (r.status !== 200) return false
        feedback = (await r.json()) as FeedbackResponse
        return feedback.perfTests.some(
          (c) =>
            c.app === 'sm2m' &&
            c.metric === 'messages-per-second' &&
            c.limit.startsWith('Imported perf test') &&
            Math.abs(c.liveLimit - sm2m.liveEquivalent) < 1e-6,
        )
      },
      60_000,
    )
    const evidence = feedback!.perfTests.find(
      (c) =>
        c.limit.startsWith('Imported perf test') &&
        c.app === 'sm2m' &&
        c.metric === 'messages-per-second' &&
        Math.abs(c.liveLimit - sm2m.liveEquivalent) < 1e-6,
    )!
    expect(evidence.environmentScale).toBe(0.5)
    // Stored as the live equivalent (rounded to 0.01) and the scale, so measured comes back within 0.01.
    expect(Math.abs(evidence.measured - sm2m.measured)).toBeLessThanOrEqual(0.011)

    const listed = (await (await call(VIEWER, 'GET', '/api/perf-runs')).json()) as PerfRunsResponse
    expect(listed.environments).toEqual([
      {
        id: 'perf',
        name: 'Performance-test rig (half of live)',
        scaleToLive: 0.5,
        apps: { 'ot-oi': 1 },
        sustainMinutes: 5,
        collectors: ['sim-perf'],
      },
    ])
    const shown = listed.runs.find((r) => r.id === run.id)!
    expect(shown.name).toBe('PT soak')
    expect(shown.peaks.find((p) => p.metric === 'messages-per-second' && p.app === 'sm2m')?.livePeak).toBeGreaterThan(0)
  })

  it('`headroom perf-run` records a run through the running server', async () => {
    const a = new Date(from.getTime() - 3 * HOUR).toISOString()
    const b = from.toISOString()
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['scripts/headroom.mjs', 'perf-run', '--env', 'perf', '--from', a, '--to', b, '--apps', 'dmm'],
        {
          cwd: repoRoot,
          env: { ...process.env, HEADROOM_URL: server.url, HEADROOM_TOKEN: OPERATOR },
        },
      )
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
      child.on('exit', (code) => resolve({ code, stdout, stderr }))
    })
    expect(out.stderr).toBe('')
    expect(out.code).toBe(0)
    expect(out.stdout).toMatch(
      /recorded by http:\/\/127\.0\.0\.1:\d+:\n {2}dmm\/commands-per-second: held .* commands\/s for 5 min from .* live at 50 % scale/,
    )
    const listed = (await (await call(VIEWER, 'GET', '/api/perf-runs')).json()) as PerfRunsResponse
    expect(listed.runs).toHaveLength(2)
  })
})
