// http-json per-mapping declarations: unit conversion, counters rated across
// polls of the loopback server replaying recorded Spring Boot readings, and
// a bad unit pair refused at config time with its path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpJsonPlugin } from '../../../../collectors/plugins/http-json/index.ts'
import type { HttpJsonConfig } from '../../../../collectors/plugins/http-json/config.ts'
import { messages, recordingAccumulator, testContext } from './plugin-harness.ts'
import { startRecordedServer, type RecordedServer } from './recorded-server.ts'

let server: RecordedServer

beforeAll(async () => {
  server = await startRecordedServer({ basic: 'unused:unused', bearer: 'unused' })
})

afterAll(async () => {
  await server?.close()
  await httpJsonPlugin.close?.()
})

function config(raw: unknown): HttpJsonConfig {
  const parsed = httpJsonPlugin.parseConfig(raw)
  if (!parsed.ok) throw new Error(`test config rejected: ${JSON.stringify(parsed.issues)}`)
  return parsed.value
}

async function collect(cfg: HttpJsonConfig, now: Date, id: string) {
  const acc = recordingAccumulator()
  await httpJsonPlugin.collect(cfg, acc, { ...testContext({ now }), id })
  return acc
}

describe('httpJsonPlugin.parseConfig() with unit and type', () => {
  it('reports a bad unit pair and a lone unit with their paths alongside the other problems', () => {
    const result = httpJsonPlugin.parseConfig({
      endpoints: [
        {
          url: 'http://sm2m-01:8080/stats',
          fields: [
            { value: '$.latency', app: 'sm2m', metric: 'latency', unit: 'ms', as: 'Mbit/s' },
            { value: '$.served', app: 'sm2m', metric: 'rps', type: 'counter', unit: 'requests/s', as: 'requests/s' },
            { value: '$.q', app: 'SM2M', metric: 'depth', unit: 'messages' },
            { value: '$.q', app: 'sm2m', metric: 'depth', counterWidth: 32 },
          ],
        },
      ],
    })
    expect(result.ok).toBe(false)
    const issues = result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual([
      "endpoints.0.fields.0.as: cannot convert 'ms' (time) to 'Mbit/s' (data per time)",
      "endpoints.0.fields.1.as: unit 'requests/s' is already a rate; a counter's unit is the counted quantity (e.g. 'bytes', not 'bytes/s')",
      expect.stringMatching(/^endpoints\.0\.fields\.2\.app: expected a lower-case application id/),
      'endpoints.0.fields.2.as: set both unit and as, or neither',
      'endpoints.0.fields.3.counterWidth: counterWidth only applies with type: counter',
    ])
  })
})

describe('httpJsonPlugin.collect() with unit and type', () => {
  const url = () => `${server.base}/actuator/metrics/http.server.requests`
  const t0 = new Date('2025-06-30T12:00:00Z')
  const at = (s: number) => new Date(t0.getTime() + s * 1000)

  it('rates the request total per minute from the second poll on, and stores MAX in ms, when type is counter', async () => {
    const cfg = config({
      endpoints: [
        {
          url: url(),
          fields: [
            {
              value: '$.measurements[?(@.statistic=="COUNT")].value',
              type: 'counter',
              unit: 'requests',
              as: 'requests/min',
              app: 'sm2m',
              metric: 'api-requests',
              tags: { node: 'sm2m-01' },
            },
            { value: '$.measurements[?(@.statistic=="MAX")].value', unit: 's', as: 'ms', app: 'sm2m', metric: 'max-latency' },
          ],
        },
      ],
    })
    const first = await collect(cfg, at(0), 'http-json-counter')
    const second = await collect(cfg, at(15), 'http-json-counter')
    // The app restarted: the total fell from 121845 to 310, which is no rate at all.
    const third = await collect(cfg, at(30), 'http-json-counter')

    expect([...messages(first), ...messages(second), ...messages(third)]).toEqual([])
    expect(first.samples).toEqual([{ app: 'sm2m', metric: 'max-latency', value: 250, at: at(0) }])
    // (121845 - 120345) requests / 15 s = 100/s = 6000/min.
    expect(second.samples).toEqual([
      { app: 'sm2m', metric: 'api-requests', value: 6000, at: at(15), tags: { node: 'sm2m-01' } },
      { app: 'sm2m', metric: 'max-latency', value: 500, at: at(15) },
    ])
    expect(third.samples).toEqual([{ app: 'sm2m', metric: 'max-latency', value: 125, at: at(30) }])
  })
})
