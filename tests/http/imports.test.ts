// POST /api/imports and GET /api/imports against a real in-process server
// (DuckDB), with progress watched over a real socket.io connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { bootWithCollectors, OPERATOR, simOnly, VIEWER, type Booted } from './collectors-boot.ts'
import type { ImportAccepted, ImportProgressEvent, ImportsResponse } from '../../server/http/api-types/collectors.ts'

const csvHeaders = { 'Content-Type': 'text/csv' }

// Line 1 is the header; line 4 has a bad value; line 6 names a driver the estate does not have.
const actuals = [
  'time,driver,value',
  '2020-03-02 09:00,installs,120',
  '2020-03-02 10:00,installs,180',
  '2020-03-02 11:00,installs,abc',
  '2020-03-02 12:00,installs,150',
  '2020-03-02 12:00,meter-swaps,7',
].join('\n')

describe('imports API', () => {
  let b: Booted
  let socket: Socket
  const events: ImportProgressEvent[] = []
  beforeAll(async () => {
    process.env.HEADROOM_IMPORT_MAX_BYTES = '4096'
    b = await bootWithCollectors(simOnly)
    delete process.env.HEADROOM_IMPORT_MAX_BYTES
    socket = io(b.server.url, { auth: { token: VIEWER }, transports: ['websocket'], reconnection: false })
    socket.on('importProgress', (e: ImportProgressEvent) => events.push(e))
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', reject)
    })
  }, 60_000)
  afterAll(async () => {
    socket?.close()
    await b?.dispose()
  })

  const upload = async (body: string, query: string): Promise<string> => {
    const res = await b.post(`/api/imports?${query}`, OPERATOR, body, csvHeaders)
    expect(res.status, await res.clone().text()).toBe(202)
    return ((await res.json()) as ImportAccepted).importId
  }
  const finalEvent = async (importId: string): Promise<ImportProgressEvent> => {
    await expect.poll(() => events.some((e) => e.importId === importId && e.state !== 'running'), { timeout: 20_000 }).toBe(true)
    const e = events.find((x) => x.importId === importId && x.state !== 'running')
    if (!e) throw new Error('unreachable')
    return e
  }
  const storedInstalls = async (): Promise<number> => {
    const res = await b.get('/api/series?app=drivers&metric=installs&from=2020-03-02T00:00:00Z&to=2020-03-03T00:00:00Z&step=1h')
    const body = (await res.json()) as { points: { count: number }[] }
    return body.points.reduce((n, p) => n + p.count, 0)
  }

  it('POST /api/imports gives a viewer 403 naming the operator role', async () => {
    const res = await b.post('/api/imports', VIEWER, actuals, csvHeaders)
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe(
      'POST /api/imports needs the operator role; your token is "env:viewer" with role viewer.',
    )
  })

  it('POST /api/imports answers 202, pushes importProgress to done, lists row errors as file:line field: message and stores the good rows', async () => {
    const importId = await upload(actuals, 'name=installs-march.csv')
    const done = await finalEvent(importId)
    expect(done).toMatchObject({
      name: 'installs-march.csv',
      state: 'done-with-errors',
      message: 'done with 2 errors (3 of 5 rows stored)',
      kind: 'driver-actuals',
      rows: 5,
      samples: 3,
      errorCount: 2,
    })
    expect(done.errors).toEqual([
      "installs-march.csv:4 value: expected a number, got 'abc'",
      "installs-march.csv: driver 'meter-swaps' is not in estate.yaml; 1 row(s) skipped",
    ])
    expect(done.bytesRead).toBe(done.totalBytes)
    expect(events.some((e) => e.importId === importId && e.state === 'running')).toBe(true)
    expect(await storedInstalls()).toBe(3)
  })

  it('POST /api/imports of the same file again adds nothing twice', async () => {
    const done = await finalEvent(await upload(actuals, 'name=installs-march.csv'))
    expect(done.state).toBe('done-with-errors')
    expect(await storedInstalls()).toBe(3)
  })

  it('GET /api/imports lists recent imports newest first with their final state', async () => {
    const res = await b.get('/api/imports', VIEWER)
    const body = (await res.json()) as ImportsResponse
    expect(body.imports.length).toBeGreaterThanOrEqual(2)
    expect(body.imports[0]!.state).toBe('done-with-errors')
    expect(body.imports[0]!.name).toBe('installs-march.csv')
  })

  it('POST /api/imports of a file with no valid row ends as failed, never done', async () => {
    const done = await finalEvent(
      await upload('time,driver,value\n2020-03-02T01:00:00Z,installs,abc\n"bad,installs,1\n', 'name=nothing.csv'),
    )
    expect(done).toMatchObject({ state: 'failed', message: 'failed: 0 valid rows of 2 (2 errors)', samples: 0, errorCount: 2 })
    expect(done.errors).toEqual([
      "nothing.csv:2 value: expected a number, got 'abc'",
      'nothing.csv:3 row: unclosed quote in column 1: a quoted field must end with " on the same line',
    ])
  })

  it('POST /api/imports reports a file with a bad header as failed with the header line', async () => {
    const done = await finalEvent(await upload('when,what\n1,2\n', 'name=odd.csv'))
    expect(done.state).toBe('failed')
    expect(done.message).toMatch(/^odd\.csv:1 header: cannot tell the kind of file/)
  })

  it('POST /api/imports stores a driver forecast under its version when ?kind= and ?version= are given', async () => {
    const forecast = 'date,driver,value\n2020-04-01,installs,9000\n2020-04-02,installs,9100\n'
    const done = await finalEvent(await upload(forecast, 'kind=driver-forecast&version=q2&name=plan.csv'))
    expect(done).toMatchObject({ state: 'done', kind: 'driver-forecast', samples: 2, errorCount: 0 })
  })

  it('POST /api/imports refuses a body past the size limit with 413 and a sentence', async () => {
    const big = 'time,driver,value\n' + '2020-03-02 09:00,installs,120\n'.repeat(400)
    const res = await b.post('/api/imports?name=big.csv', OPERATOR, big, csvHeaders)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: string }).error).toBe(
      'The upload is larger than the 4 KB limit; split the file, or import it on the server with "headroom import FILE" (or raise HEADROOM_IMPORT_MAX_BYTES).',
    )
  })

  it('POST /api/imports refuses a chunked body past the limit too (no Content-Length to trust)', async () => {
    const chunk = new TextEncoder().encode('2020-03-02 09:00,installs,120\n'.repeat(100))
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk)
        else controller.close()
      },
    })
    const res = await fetch(`${b.server.url}/api/imports?name=stream.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OPERATOR}`, ...csvHeaders },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })

  it('POST /api/imports answers 415 naming text/csv when the body is JSON', async () => {
    const res = await b.post('/api/imports', OPERATOR, '{}', { 'Content-Type': 'application/json' })
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: string }).error).toMatch(/Content-Type text\/csv; got "application\/json"/)
  })

  it('POST /api/imports answers 400 listing the kinds for an unknown ?kind=', async () => {
    const res = await b.post('/api/imports?kind=weird', OPERATOR, actuals, csvHeaders)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toBe(
      'POST /api/imports: ?kind= must be one of auto, driver-actuals, driver-forecast, perf-test; got "weird".',
    )
  })
})
