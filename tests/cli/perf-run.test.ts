// `headroom perf-run` with no server listening, against a real DuckDB file:
// a stepped load test written as perf-environment samples (environment=perf)
// is read back, its sustained peak scaled to live by the example perf rig's
// size and stored as perf-test evidence beside the metric, and the run as a
// state document with its audit entry.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../server/cli/args.ts'
import { parsePerfRunArgs, perfRunCommand } from '../../server/cli/perf-run.ts'
import { readSettings, type Settings } from '../../server/settings.ts'
import { openStore } from '../../server/store/open.ts'
import type { Point } from '../../server/store/types.ts'
import { freePort } from '../support/services.ts'
import { repoRoot } from '../support/server.ts'

const MIN = 60_000
// Half an hour ago, aligned to the minute: 400, 800, 1200 msg/s for 10 minutes each, then 1600 for 3 (it fell over).
const start = Math.floor((Date.now() - 40 * MIN) / MIN) * MIN
const steps = [
  { msgs: 400, cpu: 20, minutes: 10 },
  { msgs: 800, cpu: 40, minutes: 10 },
  { msgs: 1200, cpu: 60, minutes: 10 },
  { msgs: 1600, cpu: 75, minutes: 3 },
]

function ramp(): Point[] {
  const out: Point[] = []
  let t = start
  for (const s of steps)
    for (let i = 0; i < s.minutes; i++, t += MIN)
      for (const sec of [0, 15, 30, 45]) {
        const at = new Date(t + sec * 1000)
        const tags = { environment: 'perf' }
        out.push({ app: 'sm2m', metric: 'messages-per-second', value: s.msgs, at, tags })
        out.push({ app: 'sm2m', metric: 'cpu-percent', value: s.cpu, at, tags })
      }
  return out
}

function capture() {
  const text: string[] = []
  return { text, stream: { write: (t: string) => text.push(t) }, all: () => text.join('') }
}

describe('perfRunCommand() without a server', () => {
  let dir: string
  let settings: Settings
  let url: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-perf-run-'))
    settings = readSettings({ HEADROOM_DATA_DIR: dir, HEADROOM_CONFIG_DIR: join(repoRoot, 'config') })
    const store = openStore({ dataDir: dir })
    await store.init()
    await store.write(ramp())
    await store.close()
    url = `http://127.0.0.1:${await freePort()}`
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('perfRunCommand() records the highest level held 5 minutes, 1200 msg/s, as 2400 live at half scale', async () => {
    const out = capture()
    const err = capture()
    const code = await perfRunCommand(
      [
        '--env',
        'perf',
        '--from',
        new Date(start).toISOString(),
        '--to',
        new Date(start + 40 * MIN).toISOString(),
        '--name',
        'PT ramp',
        '--url',
        url,
      ],
      settings,
      { stdout: out.stream, stderr: err.stream },
      {},
    )
    expect(err.all()).toBe(`no Headroom server at ${url}; recording in the store directly\n`)
    expect(code).toBe(0)
    expect(out.all()).toContain(
      `  sm2m/messages-per-second: held 1200 msg/s for 5 min from ${new Date(start + 20 * MIN).toISOString().slice(11, 16)} UTC = 2400 live at 50 % scale, at cpu-percent 60 % (80 % of its ceiling); no resource reached 90 % of its ceiling, so the real limit is higher; evidence 2400 msg/s live\n`,
    )

    const store = openStore({ dataDir: dir })
    await store.init()
    try {
      const evidence = await store.range({
        app: 'sm2m',
        metric: 'messages-per-second',
        from: new Date(start),
        to: new Date(start + 40 * MIN),
        stepMs: 40 * MIN,
        tags: { source: 'perf-test' },
      })
      expect(evidence.map((b) => b.max)).toEqual([2400])
      expect((await store.listSeries()).filter((s) => s.tags?.source === 'perf-test').map((s) => s.tags)).toEqual([
        { source: 'perf-test', environment_scale: '0.5' },
      ])
      const runs = await store.listState('perf-run')
      expect(runs.map((r) => (r.doc as { name: string }).name)).toEqual(['PT ramp'])
      expect((await store.readAudit({ kind: 'perf-run' })).map((e) => [e.action, e.actor])).toEqual([['record', 'cli']])
    } finally {
      await store.close()
    }
  })

  it.each([
    { argv: ['--from', 'a', '--to', 'b'], message: /perf-run needs --env/ },
    { argv: ['--env', 'perf', '--to', 'b'], message: /perf-run needs --from/ },
    { argv: ['--env', 'perf', '--from', 'a', '--to', 'b', '--since', 'x'], message: /unknown option --since/ },
  ])('parsePerfRunArgs() refuses $argv with a usage error', ({ argv, message }) => {
    expect(() => parsePerfRunArgs(argv, {})).toThrow(UsageError)
    expect(() => parsePerfRunArgs(argv, {})).toThrow(message)
  })
})
