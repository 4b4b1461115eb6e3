import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvPlugin } from '../../../../collectors/plugins/csv/index.ts'
import type { CsvConfig } from '../../../../collectors/plugins/csv/config.ts'
import { messages, recordingAccumulator, testContext } from '../http-json/plugin-harness.ts'

let root: string
let folder: string
let stateDir: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'headroom-csv-folder-'))
  folder = join(root, 'inbox')
  stateDir = join(root, 'state')
  mkdirSync(folder)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function config(extra: Record<string, unknown> = {}): CsvConfig {
  const result = csvPlugin.parseConfig({ folder, stateDir, settle: '0s', ...extra })
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.value
}

/** Real clock: the settle check compares file mtimes (real) with ctx.now(). */
async function collect(cfg: CsvConfig) {
  const acc = recordingAccumulator()
  await csvPlugin.collect(cfg, acc, { ...testContext(), id: 'csv-test', now: () => new Date() })
  return acc
}

describe('csv collector (watched folder)', () => {
  it('collect() imports new files once and nothing on the next run when they are unchanged', async () => {
    writeFileSync(join(folder, 'actuals.csv'), 'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n')
    writeFileSync(join(folder, 'forecast-v1.csv'), 'date,driver,value\n2025-07-01,installs,1200\n')
    writeFileSync(join(folder, 'notes.txt'), 'not a csv')
    const cfg = config()
    const first = await collect(cfg)
    expect(messages(first)).toEqual([])
    expect(first.samples.map((s) => `${s.app}/${s.metric}=${s.value}`)).toEqual([
      'drivers/installs=42',
      'driver-forecast/installs=1200',
    ])
    const second = await collect(cfg)
    expect(second.samples).toEqual([])
    const state = JSON.parse(readFileSync(join(stateDir, 'csv-csv-test.json'), 'utf8')) as {
      files: Record<string, { sha256: string; rows: number }>
    }
    expect(Object.keys(state.files)).toEqual(['actuals.csv', 'forecast-v1.csv'])
    expect(state.files['actuals.csv']?.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('collect() re-imports a file when its content changed', async () => {
    const path = join(folder, 'actuals.csv')
    writeFileSync(path, 'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n')
    const cfg = config()
    await collect(cfg)
    writeFileSync(path, 'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n2025-06-30T11:00:00Z,installs,50\n')
    const acc = await collect(cfg)
    expect(acc.samples.map((s) => s.value)).toEqual([42, 50])
  })

  it('collect() skips a touched file without importing when its hash is unchanged', async () => {
    const path = join(folder, 'actuals.csv')
    writeFileSync(path, 'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n')
    const cfg = config()
    await collect(cfg)
    const later = new Date(Date.now() + 5_000)
    utimesSync(path, later, later)
    const acc = await collect({ ...cfg, settle: '0s' })
    expect(acc.samples).toEqual([])
  })

  it('collect() reports a bad file by name and still imports the good one', async () => {
    writeFileSync(join(folder, 'a-bad.csv'), 'when,what\n1,2\n')
    writeFileSync(join(folder, 'b-good.csv'), 'time,driver,value\n2025-06-30T10:00:00Z,installs,7\n')
    const cfg = config()
    const acc = await collect(cfg)
    expect(acc.samples.map((s) => s.value)).toEqual([7])
    expect(messages(acc)).toEqual([
      expect.stringMatching(/^\[file=a-bad\.csv\] a-bad\.csv:1 header: cannot tell the kind of file/),
    ])
    // Not remembered as imported: it is tried again (and reported again) until fixed.
    const again = await collect(cfg)
    expect(messages(again)).toHaveLength(1)
  })

  it('collect() summarises row errors with file:line in one error per file', async () => {
    const rows = [
      'date,driver,value',
      '2025-07-01,installs,1',
      '2025-07-02,installs,abc',
      '2025-07-03,Installs,3',
      '2025-07-04,installs,x',
    ]
    writeFileSync(join(folder, 'forecast.csv'), `${rows.join('\n')}\n`)
    const acc = await collect(config({ maxErrorsShown: 2 }))
    expect(acc.samples.map((s) => s.value)).toEqual([1])
    expect(messages(acc)).toEqual([
      `[file=forecast.csv] 3 bad row(s) skipped: forecast.csv:3 value: expected a number, got 'abc'; forecast.csv:4 driver: expected a lower-case id like "installs" (letters, digits, dashes), got 'Installs' (and 1 more)`,
    ])
  })

  it('collect() waits for the next run when a file was modified within the settle time', async () => {
    writeFileSync(join(folder, 'actuals.csv'), 'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n')
    const acc = await collect(config({ settle: '1h' }))
    expect(acc.samples).toEqual([])
    expect(existsSync(join(stateDir, 'csv-csv-test.json'))).toBe(false)
  })

  it.each([
    { scenario: 'stateDir is relative', stateDir: 'imports/state', expected: ['data', 'imports', 'state'] },
    { scenario: 'stateDir is left out', stateDir: undefined, expected: ['data', 'csv-state'] },
  ])('collect() keeps its import list under ctx.dataDir when $scenario', async ({ stateDir: dir, expected }) => {
    writeFileSync(join(folder, 'actuals.csv'), 'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n')
    const parsed = csvPlugin.parseConfig({ folder, settle: '0s', ...(dir === undefined ? {} : { stateDir: dir }) })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
    const dataDir = join(root, 'data')
    const acc = recordingAccumulator()
    await csvPlugin.collect(parsed.value, acc, { ...testContext(), id: 'csv-test', now: () => new Date(), dataDir })
    expect(messages(acc)).toEqual([])
    expect(existsSync(join(root, ...expected, 'csv-csv-test.json'))).toBe(true)
    expect(existsSync(join(process.cwd(), dir ?? 'csv-state'))).toBe(false)
  })

  it('collect() reports the folder when it does not exist', async () => {
    const acc = await collect({ ...config(), folder: join(root, 'nope') })
    expect(messages(acc)).toEqual([expect.stringMatching(/^\[folder=.*nope\] ENOENT/)])
  })

  it('parseConfig() returns every problem with its path when the config is wrong', () => {
    const result = csvPlugin.parseConfig({ folder: '', kind: 'forecasts', pattern: '(', colums: {} })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.path.join('.'))).toEqual(['folder', 'pattern', 'kind', ''])
  })
})
