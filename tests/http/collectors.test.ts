// GET /api/collectors, POST /api/collectors/:id/run and the socket command
// runCollector against a real in-process server (DuckDB, example estate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { io, type Socket } from 'socket.io-client'
import { bootWithCollectors, OPERATOR, simOnly, VIEWER, type Booted } from './collectors-boot.ts'
import type { CollectorHealth, CollectorsResponse, RunCollectorAck } from '../../server/http/api-types/collectors.ts'
import { runCollectorNow } from '../../server/http/collectors.ts'
import { describeCollectors } from '../../server/http/collectors-view.ts'
import { shardOf } from '../../collectors/shard.ts'
import { freePort } from '../support/services.ts'

const SECRET = 'Bearer-SECRET-never-in-a-response'

async function yaml(): Promise<string> {
  // A port nothing listens on: the probe fails with its target in the message.
  const port = await freePort()
  return `${simOnly}  - id: probe
    type: http-json
    schedule: "0 0 * * * *"
    timeout: 3s
    config:
      endpoints:
        - url: http://127.0.0.1:${port}/status?apikey=${SECRET}
          headers: { Authorization: "${SECRET}" }
          fields:
            - { value: $.v, app: sm2m, metric: messages-per-second }
`
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

describe('collectors API', () => {
  let b: Booted
  const sockets: Socket[] = []
  beforeAll(async () => {
    b = await bootWithCollectors(await yaml())
  }, 60_000)
  afterAll(async () => {
    for (const s of sockets) s.close()
    await b?.dispose()
  })

  it('GET /api/collectors lists id, type, schedule, timeout and health, and never the plugin config', async () => {
    const res = await b.get('/api/collectors', VIEWER)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain('SECRET')
    expect(text).not.toContain('apikey')
    const body = JSON.parse(text) as CollectorsResponse
    expect(body.collecting).toBe(true)
    expect(body.collectors.map((c) => c.id)).toEqual(['sim', 'probe'])
    const probe = body.collectors[1]!
    expect(probe).toMatchObject({ type: 'http-json', enabled: true, schedule: '0 0 * * * *', timeout: '3s' })
    expect(probe.health.id).toBe('probe')
    expect(Object.keys(probe).sort()).toEqual(['enabled', 'health', 'id', 'schedule', 'timeout', 'type'])
  })

  it('GET /api/collectors needs a token when tokens are configured', async () => {
    expect((await b.get('/api/collectors', '')).status).toBe(401)
  })

  it('POST /api/collectors/:id/run gives a viewer 403 naming the operator role', async () => {
    const res = await b.post('/api/collectors/sim/run', VIEWER)
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe(
      'POST /api/collectors/sim/run needs the operator role; your token is "env:viewer" with role viewer.',
    )
  })

  it('POST /api/collectors/:id/run runs the simulator now and returns its health with samples', async () => {
    const res = await b.post('/api/collectors/sim/run', OPERATOR)
    expect(res.status).toBe(200)
    const health = (await res.json()) as CollectorHealth
    expect(health.id).toBe('sim')
    expect(health.state).toBe('ok')
    expect(health.lastSamples).toBeGreaterThan(10)
    expect(health.lastSuccess).not.toBeNull()
  })

  it('POST /api/collectors/:id/run reports a refused target with its address, without the secret', async () => {
    const res = await b.post('/api/collectors/probe/run', OPERATOR)
    expect(res.status).toBe(200)
    const health = (await res.json()) as CollectorHealth
    expect(['failing', 'backoff']).toContain(health.state)
    expect(health.lastError?.message).toContain('127.0.0.1')
    expect(JSON.stringify(health)).not.toContain(SECRET)
  })

  it('POST /api/collectors/:id/run answers 404 naming the known ids for an unknown one', async () => {
    const res = await b.post('/api/collectors/nope/run', OPERATOR)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toBe('No collector "nope" in collectors.yaml; known: sim, probe.')
  })

  it('runCollector acks a viewer socket with ok:false naming the operator role', async () => {
    const s = await connect(b.server.url, VIEWER)
    sockets.push(s)
    const ack = (await s.emitWithAck('runCollector', { id: 'sim' })) as RunCollectorAck
    expect(ack).toEqual({
      ok: false,
      error: 'runCollector needs the operator role; your token is "env:viewer" with role viewer.',
    })
  })

  it('runCollector runs for an operator and a `collectors` push follows with the new health', async () => {
    const s = await connect(b.server.url, OPERATOR)
    sockets.push(s)
    const pushes: CollectorHealth[][] = []
    s.on('collectors', (list: CollectorHealth[]) => pushes.push(list))
    const before = (await (await b.get('/api/collectors')).json()) as CollectorsResponse
    const runsBefore = before.collectors[0]!.health.lastRunAt
    const ack = (await s.emitWithAck('runCollector', { id: 'sim' })) as RunCollectorAck
    expect(ack.ok).toBe(true)
    if (ack.ok) expect(ack.data.id).toBe('sim')
    await expect
      .poll(() => pushes.some((list) => list.find((h) => h.id === 'sim')?.lastRunAt !== runsBefore), { timeout: 5000 })
      .toBe(true)
  })

  it('runCollector acks ok:false with a sentence when the payload has no id', async () => {
    const s = await connect(b.server.url, OPERATOR)
    sockets.push(s)
    const ack = (await s.emitWithAck('runCollector', 'sim')) as RunCollectorAck
    expect(ack).toEqual({ ok: false, error: 'runCollector needs { id: "<collector id>" }.' })
  })
})

describe('runCollectorNow()', () => {
  const entry = { id: 'sim', type: 'simulator', schedule: '* * * * * *', timeout: '5s', enabled: true }
  it('runCollectorNow() refuses with 409 naming the collect process when collection is off here', async () => {
    const deps = {
      entries: () => [entry],
      health: () => [],
      runOnce: () => Promise.reject(new Error('must not run')),
      collecting: () => false,
      shards: null,
    }
    await expect(runCollectorNow(deps, 'sim')).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/headroom collect/),
    })
  })
})

describe('describeCollectors()', () => {
  it('describeCollectors() adds the shard each id hashes to when collection is split over processes', () => {
    const entries = ['a', 'b', 'c'].map((id) => ({
      id,
      type: 'simulator',
      schedule: '* * * * * *',
      timeout: '5s',
      enabled: true,
    }))
    const list = describeCollectors(entries, [], 3)
    expect(list.map((c) => c.shard)).toEqual(entries.map((e) => shardOf(e.id, 3)))
    expect(list[0]!.health.state).toBe('idle')
    expect(describeCollectors(entries, [], null)[0]).not.toHaveProperty('shard')
  })
})

describe('collectors API with collection off (HEADROOM_COLLECT=off)', () => {
  let b: Booted
  beforeAll(async () => {
    b = await bootWithCollectors(simOnly, { HEADROOM_COLLECT: 'off', HEADROOM_COLLECT_SHARDS: '2' })
  }, 60_000)
  afterAll(async () => {
    await b?.dispose()
  })

  it('GET /api/collectors says collection is off and shows the shard each collector runs in', async () => {
    const body = (await (await b.get('/api/collectors')).json()) as CollectorsResponse
    expect(body.collecting).toBe(false)
    expect(body.collectors[0]).toMatchObject({ id: 'sim', shard: shardOf('sim', 2) })
    expect(body.collectors[0]!.health.state).toBe('idle')
  })

  it('POST /api/collectors/:id/run answers 409 pointing at the collect process', async () => {
    const res = await b.post('/api/collectors/sim/run', OPERATOR)
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toBe(
      'Collector "sim" runs in a separate "headroom collect" process (this server has collection off); run it there.',
    )
  })
})

describe('readSettings() collection switches', () => {
  it('readSettings() turns collection off for HEADROOM_COLLECT=off and refuses a value it does not know', async () => {
    const { readSettings } = await import('../../server/settings.ts')
    expect(readSettings({ HEADROOM_COLLECT: 'off' }).collect).toBe(false)
    expect(readSettings({}).collect).toBe(true)
    expect(() => readSettings({ HEADROOM_COLLECT: 'maybe' })).toThrow('HEADROOM_COLLECT must be on or off; got "maybe"')
  })
})
