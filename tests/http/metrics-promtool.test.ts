// The whole /metrics of a live server (example estate, simulator, engine run,
// alerts evaluated) passes `promtool check metrics` with no complaint, and
// every Headroom series the sample Prometheus rules use is exposed.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { serviceBinary, waitFor } from '../support/services.ts'

const promtool = serviceBinary('promtool', 'prometheus')

describe.skipIf(!promtool.path)('/metrics against promtool', () => {
  let server: RunningServer
  let text = ''

  beforeAll(async () => {
    // Two weeks of history: with three, the example estate forecasts no breach on some days (its
    // dates move a week at a time, so the simulated weekday of the window shifts daily), and the
    // time-to-breakpoint family this test checks would not be there at all.
    server = await startServer({ backfillDays: 14 })
    // Wait until the engine's gauges and the alert gauge are there, so every family is checked.
    await waitFor(
      'engine and alert gauges on /metrics',
      async () => {
        text = await (await fetch(`${server.url}/metrics`)).text()
        return text.includes('headroom_time_to_breakpoint_seconds{') && text.includes('headroom_alerts{')
      },
      90_000,
    )
  })
  afterAll(async () => {
    await server?.dispose()
  })

  it('promtool check metrics reports no problem for the whole endpoint', () => {
    const run = spawnSync(promtool.path ?? '', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    expect(run.stdout + run.stderr).toBe('')
    expect(run.status).toBe(0)
  })

  it('uses seconds, not days, and no doubled process_ prefix', () => {
    expect(text).not.toMatch(/_days\b/)
    expect(text).not.toContain('process_process_')
    expect(text).toMatch(/^process_cpu_seconds_total /m)
    expect(text).toMatch(/^headroom_time_to_breakpoint_seconds\{app="[^"]+",metric="[^"]+",bound="p(50|90)"\} \d+/m)
  })

  it('exposes every headroom_ series the sample Prometheus rules use', () => {
    const rules = readFileSync(join(repoRoot, 'config', 'examples', 'prometheus-rules.yml'), 'utf8')
    const used = new Set([...rules.matchAll(/\b(headroom_[a-z_]+)/g)].map((m) => m[1]))
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]))
    expect([...used].filter((name) => !exposed.has(name))).toEqual([])
  })
})
