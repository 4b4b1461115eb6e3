// A JSON endpoint for the http-json collector that hands out numbered points
// (value n at time base + n ms), so a test knows exactly which points a
// collector was given and can count them in the store end to end. `serving`
// off answers 503: the collector fails and hands over nothing.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface SequenceSource {
  url: string
  /** Points handed out so far (in responses fully sent). */
  served(): number
  /** The time of point 0 (ms). */
  base: number
  serve(on: boolean): void
  /** The next response carries n points; after it the source stops serving. */
  lastBurst(n: number): void
  close(): Promise<void>
}

export async function startSequenceSource(perScrape: number): Promise<SequenceSource> {
  let next = 0
  let served = 0
  let serving = true
  let burst = perScrape
  let last = false
  // An hour ago, so every point sits well inside retention and before "now".
  const base = Date.now() - 3_600_000
  const server: Server = createServer((req, res) => {
    if (!serving) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"paused by the test"}')
      return
    }
    const from = next
    next += burst
    if (last) serving = false
    const points: string[] = []
    for (let n = from; n < next; n++) points.push(`{"v":${n},"t":${base + n}}`)
    const body = `{"points":[${points.join(',')}]}`
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    res.end(body, () => {
      served += next - from
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/points`,
    served: () => served,
    base,
    serve: (on) => {
      serving = on
    },
    lastBurst: (n) => {
      burst = n
      last = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A config dir with one application (probe/seq) fed by an http-json collector every second. */
export function writeProbeConfig(sourceUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-probe-config-'))
  writeFileSync(
    join(dir, 'estate.yaml'),
    `name: Spool probe
applications:
  - id: probe
    name: Probe
    metrics:
      - id: seq
        name: Sequence
        kind: throughput
        unit: points/s
        leadTimeDays: 1
        limits:
          - name: test
            value: 1000000000
            evidence: { source: vendor, date: "2025-01-01" }
`,
  )
  writeFileSync(
    join(dir, 'collectors.yaml'),
    `collectors:
  - id: probe
    type: http-json
    schedule: '* * * * * *'
    timeout: 120s
    config:
      timeout: 110s
      endpoints:
        - url: ${sourceUrl}
          fields:
            - each: '$.points[*]'
              value: '$.v'
              time: '$.t'
              app: probe
              metric: seq
`,
  )
  return dir
}
