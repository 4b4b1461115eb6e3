import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatRowError, importCsvFile, type ImportProgress } from '../../../../collectors/plugins/csv/import.ts'
import type { Sample } from '../../../../collectors/types.ts'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-csv-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

async function importAll(path: string, opts: Partial<Parameters<typeof importCsvFile>[1]> = {}) {
  const samples: Sample[] = []
  const result = await importCsvFile(path, { kind: 'auto', sink: (batch) => void samples.push(...batch), ...opts })
  return { result, samples }
}

describe('importCsvFile()', () => {
  it('keeps the rows before and after a bad row and reports it with file name and line when a value is not a number', async () => {
    const path = file(
      'forecast.csv',
      'date,driver,value\n2025-07-01,installs,1200\n2025-07-02,installs,abc\n2025-07-03,installs,1300\n',
    )
    const { result, samples } = await importAll(path)
    expect(samples.map((s) => s.value)).toEqual([1200, 1300])
    expect(result).toMatchObject({ file: 'forecast.csv', kind: 'driver-forecast', rows: 3, samples: 2, errorCount: 1 })
    expect(result.errors.map((e) => formatRowError(result.file, e))).toEqual([
      "forecast.csv:3 value: expected a number, got 'abc'",
    ])
  })

  it('stores forecasts as driver-forecast series tagged with the file name as version when none is given', async () => {
    const path = file('forecast-2025-q3.csv', 'date,driver,value\n2025-07-01,installs,1200\n')
    const { samples } = await importAll(path)
    expect(samples).toEqual([
      {
        app: 'driver-forecast',
        metric: 'installs',
        value: 1200,
        at: new Date('2025-07-01T00:00:00Z'),
        tags: { version: 'forecast-2025-q3' },
      },
    ])
  })

  it('uses the version option when the file has no version column', async () => {
    const path = file('f.csv', 'date,driver,value\n2025-07-01,installs,1200\n')
    const { samples } = await importAll(path, { version: 'board-approved' })
    expect(samples[0]?.tags).toEqual({ version: 'board-approved' })
  })

  it('stores driver actuals under app drivers when the file is time,driver,value', async () => {
    const path = file(
      'actuals.csv',
      'time,driver,value\n2025-06-30T10:00:00Z,installs,42\n2025-06-30T10:00:00Z,active-hubs,900000\n',
    )
    const { samples } = await importAll(path)
    expect(samples).toEqual([
      { app: 'drivers', metric: 'installs', value: 42, at: new Date('2025-06-30T10:00:00Z') },
      { app: 'drivers', metric: 'active-hubs', value: 900000, at: new Date('2025-06-30T10:00:00Z') },
    ])
  })

  it('stores perf-test results as app/metric series tagged source perf-test, scaled to live', async () => {
    const path = file(
      'perf.csv',
      'date,app,metric,measured_max,environment_scale\n2025-03-01,sm2m,tps,400,0.5\n2025-03-02,dmm,sessions,1000,\n',
    )
    const { samples } = await importAll(path)
    expect(samples).toEqual([
      {
        app: 'sm2m',
        metric: 'tps',
        value: 800,
        at: new Date('2025-03-01T00:00:00Z'),
        tags: { source: 'perf-test', environment_scale: '0.5' },
      },
      { app: 'dmm', metric: 'sessions', value: 1000, at: new Date('2025-03-02T00:00:00Z'), tags: { source: 'perf-test' } },
    ])
  })

  it('rejects with file:1 and the missing column when the header is wrong', async () => {
    const path = file('bad-header.csv', 'date,driver,amount\n2025-07-01,installs,1\n')
    await expect(importAll(path, { kind: 'driver-forecast' })).rejects.toThrow(
      "bad-header.csv:1 header: missing column 'value' for a driver-forecast file (found: date, driver, amount)",
    )
  })

  it('rejects naming the file when it does not exist', async () => {
    await expect(importAll(join(dir, 'missing.csv'))).rejects.toThrow(/^missing\.csv: cannot read .*missing\.csv \(ENOENT\)$/)
  })

  it('rejects when the file is empty', async () => {
    await expect(importAll(file('empty.csv', ''))).rejects.toThrow('empty.csv:1 header: the file is empty')
  })

  it('reports a malformed row and keeps the earlier rows when a row has an unclosed quote', async () => {
    const path = file('quote.csv', 'time,driver,value\n2025-06-30T10:00:00Z,installs,1\n2025-06-30T11:00:00Z,"installs,2\n')
    const { result, samples } = await importAll(path)
    expect(samples.map((s) => s.value)).toEqual([1])
    expect(result.errors).toEqual([
      { line: 3, field: 'row', message: 'unclosed quote in column 2: a quoted field must end with " on the same line' },
    ])
  })

  it('carries on with the next line after a stray quote in row 3 of 5', async () => {
    const rows = [
      'time,driver,value',
      '2025-06-30T10:00:00Z,installs,1',
      '2025-06-30T11:00:00Z,installs,2',
      '2025-06-30T12:00:00Z,inst"alls,3',
      '2025-06-30T13:00:00Z,"installs",4',
      '2025-06-30T14:00:00Z,installs,"5"',
    ]
    const { result, samples } = await importAll(file('stray.csv', `${rows.join('\r\n')}\r\n`))
    expect(samples.map((s) => s.value)).toEqual([1, 2, 4, 5])
    expect(result).toMatchObject({ rows: 5, samples: 4, errorCount: 1 })
    expect(result.errors).toEqual([
      {
        line: 4,
        field: 'row',
        message: 'stray quote (") in column 2: quote the whole field and double the quote inside ("a ""b"" c")',
      },
    ])
  })

  it('produces identical samples when the same file is imported twice', async () => {
    const path = file('again.csv', 'time,driver,value\n2014-07-01 00:00:00,installs,5\n2014-07-01 00:30:00,installs,6\n')
    const first = await importAll(path)
    const second = await importAll(path)
    expect(second.samples).toEqual(first.samples)
    expect(first.samples.map((s) => s.at.toISOString())).toEqual(['2014-07-01T00:00:00.000Z', '2014-07-01T00:30:00.000Z'])
  })

  it('imports the NAB nyc_taxi series as the installs driver when columns map timestamp to time', async () => {
    const { result, samples } = await importAll('tests/fixtures/nab/nyc_taxi.csv', {
      kind: 'driver-actuals',
      driver: 'installs',
      columns: { time: 'timestamp' },
    })
    expect(result).toMatchObject({ rows: 10320, samples: 10320, errorCount: 0 })
    expect(samples[0]).toEqual({ app: 'drivers', metric: 'installs', value: 10844, at: new Date('2014-07-01T00:00:00Z') })
    expect(samples.at(-1)?.at.toISOString()).toBe('2015-01-31T23:30:00.000Z')
  })

  it('streams a 200k-row file in batches and reports rising progress when the file is large', async () => {
    const path = join(dir, 'big.csv')
    const out = createWriteStream(path)
    out.write('time,driver,value\n')
    const start = Date.UTC(2024, 0, 1)
    for (let i = 0; i < 200_000; i++) {
      const line = `${new Date(start + i * 60_000).toISOString()},installs,${i % 997}\n`
      if (!out.write(line)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')

    const progress: ImportProgress[] = []
    const batchSizes: number[] = []
    const bytesAtFirstBatch: number[] = []
    let samples = 0
    const result = await importCsvFile(path, {
      kind: 'auto',
      batchSize: 5000,
      onProgress: (p) => progress.push(p),
      sink: (batch) => {
        if (batchSizes.length === 0) bytesAtFirstBatch.push(progress.at(-1)?.bytesRead ?? 0)
        batchSizes.push(batch.length)
        samples += batch.length
      },
    })
    expect(result).toMatchObject({ rows: 200_000, samples: 200_000, errorCount: 0 })
    expect(samples).toBe(200_000)
    expect(Math.max(...batchSizes)).toBe(5000)
    expect(batchSizes.length).toBe(40)
    const last = progress.at(-1)
    expect(last).toMatchObject({ rows: 200_000, samples: 200_000 })
    expect(last?.bytesRead).toBe(last?.totalBytes)
    // Streaming: the first batch left while most of the file was still unread.
    expect(bytesAtFirstBatch[0]).toBeLessThan((last?.totalBytes ?? 0) / 2)
    expect(progress.length).toBeGreaterThan(20)
    const reads = progress.map((p) => p.bytesRead)
    expect(reads).toEqual([...reads].sort((a, b) => a - b))
  })

  it('rejects with an aborted error and stops reading when the signal fires mid-import', async () => {
    const path = join(dir, 'abort.csv')
    const lines = ['time,driver,value']
    for (let i = 0; i < 50_000; i++) lines.push(`${1_700_000_000 + i * 60},installs,1`)
    writeFileSync(path, `${lines.join('\n')}\n`)
    const controller = new AbortController()
    let received = 0
    const run = importCsvFile(path, {
      kind: 'auto',
      batchSize: 1000,
      signal: controller.signal,
      sink: (batch) => {
        received += batch.length
        controller.abort()
      },
    })
    await expect(run).rejects.toThrow(/^abort\.csv: import aborted after \d+ rows$/)
    expect(received).toBeLessThan(50_000)
  })
})
