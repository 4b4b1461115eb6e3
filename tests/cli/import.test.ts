// `headroom import FILE` into a real DuckDB file: row errors, exit code,
// idempotency, and the lock message when a server holds the file.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCommand } from '../../server/cli/import.ts'
import { readSettings, type Settings } from '../../server/settings.ts'
import { openStore } from '../../server/store/open.ts'
import { repoRoot } from '../support/server.ts'

const configDir = join(repoRoot, 'config')

function capture(isTTY = false) {
  const text: string[] = []
  return { text, stream: { isTTY, write: (t: string) => text.push(t) }, all: () => text.join('') }
}

async function storedPoints(dataDir: string, metric: string): Promise<number> {
  const store = openStore({ dataDir })
  await store.init()
  try {
    const buckets = await store.range({
      app: 'drivers',
      metric,
      from: new Date('2020-01-01T00:00:00Z'),
      to: new Date('2020-02-01T00:00:00Z'),
      stepMs: 86_400_000,
    })
    return buckets.reduce((n, b) => n + b.count, 0)
  } finally {
    await store.close()
  }
}

describe('importCommand()', () => {
  let dir: string
  let settings: Settings
  let file: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-cli-import-'))
    settings = readSettings({ HEADROOM_DATA_DIR: join(dir, 'data'), HEADROOM_CONFIG_DIR: configDir })
    file = join(dir, 'installs-jan.csv')
    const rows = ['time,driver,value']
    for (let h = 0; h < 48; h++)
      rows.push(`2020-01-0${1 + Math.floor(h / 24)} ${String(h % 24).padStart(2, '0')}:00,installs,${100 + h}`)
    rows.splice(5, 0, '2020-01-03 00:00,installs,lots')
    await writeFile(file, rows.join('\n') + '\n')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('importCommand() stores the good rows, prints file:line field: message and exits 1 when a row failed', async () => {
    const out = capture()
    const err = capture()
    const code = await importCommand([file], settings, { stdout: out.stream, stderr: err.stream })
    expect(code).toBe(1)
    expect(err.all()).toContain("installs-jan.csv:6 value: expected a number, got 'lots'\n")
    expect(err.all()).toMatch(/installs-jan\.csv 100% {2}49 rows/)
    expect(out.all()).toBe(
      'installs-jan.csv: driver-actuals, 49 rows, 48 samples stored in duckdb, 1 row(s) failed; done with 1 error(s)\n',
    )
    expect(await storedPoints(settings.dataDir, 'installs')).toBe(48)
  })

  it('importCommand() run again adds nothing twice', async () => {
    await importCommand([file], settings, { stdout: capture().stream, stderr: capture().stream })
    expect(await storedPoints(settings.dataDir, 'installs')).toBe(48)
  })

  it('importCommand() exits 0 for a clean file of a given kind and version', async () => {
    const clean = join(dir, 'plan.csv')
    await writeFile(clean, 'date,driver,value\n2020-01-10,installs,9000\n2020-01-11,installs,9100\n')
    const out = capture()
    const code = await importCommand([clean, '--kind', 'driver-forecast', '--version=q1'], settings, {
      stdout: out.stream,
      stderr: capture().stream,
    })
    expect(code).toBe(0)
    expect(out.all()).toBe('plan.csv: driver-forecast, 2 rows, 2 samples stored in duckdb; done\n')
  })

  it('importCommand() refuses an unknown --kind listing the kinds', async () => {
    await expect(
      importCommand([file, '--kind', 'nab'], settings, { stdout: capture().stream, stderr: capture().stream }),
    ).rejects.toThrow('import: --kind must be one of auto, driver-actuals, driver-forecast, perf-test; got "nab"')
  })

  it('headroom import tells the user to upload through the UI or POST /api/imports when a server holds the DuckDB file', async () => {
    // This process holds the file, as a running server would; the CLI runs as its own process.
    const store = openStore({ dataDir: settings.dataDir })
    await store.init()
    try {
      const child = spawn(process.execPath, ['scripts/headroom.mjs', 'import', file], {
        cwd: repoRoot,
        env: { ...process.env, HEADROOM_DATA_DIR: settings.dataDir, HEADROOM_CONFIG_DIR: configDir, HEADROOM_INFLUX_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
      expect(code).toBe(1)
      expect(stderr).toContain('is in use by a running Headroom server')
      expect(stderr).toContain('POST /api/imports')
    } finally {
      await store.close()
    }
  }, 60_000)
})
