// The end-to-end alert set-up shared by the Alertmanager test and the wall
// test: a one-metric estate whose value a test sets through a local JSON
// endpoint (scraped every second by the real http-json collector), and an
// alerts.yaml with a fast rule on it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { freePort } from '../support/services.ts'

export interface MetricSource {
  url: string
  set(value: number): void
  close(): Promise<void>
}

/** Serves `{ "value": <current> }` at /metric. */
export async function startMetricSource(initial: number): Promise<MetricSource> {
  let value = initial
  const port = await freePort()
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${port}/metric`,
    set(next) {
      value = next
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export const ESTATE = `name: Alert test estate
applications:
  - id: edge
    name: Edge gateway
    metrics:
      - id: sessions
        name: Sessions
        kind: concurrency
        unit: sessions
        leadTimeDays: 30
        limits:
          - name: licence
            value: 100
            evidence: { source: vendor, date: 2026-01-01 }
  - id: core
    name: Core
    metrics:
      - id: tps
        name: Transactions
        kind: throughput
        unit: tps
        leadTimeDays: 30
        limits:
          - name: vendor
            value: 1000
            evidence: { source: vendor, date: 2026-01-01 }
`

/** Writes estate.yaml, collectors.yaml (edge/sessions from the source, every second) and alerts.yaml into `dir`. */
export function writeAlertConfig(dir: string, metricUrl: string, alertsYaml: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'estate.yaml'), ESTATE)
  writeFileSync(
    join(dir, 'collectors.yaml'),
    `collectors:
  - id: edge-probe
    type: http-json
    schedule: '* * * * * *'
    timeout: 5s
    config:
      endpoints:
        - url: ${metricUrl}
          fields:
            - value: $.value
              app: edge
              metric: sessions
`,
  )
  writeFileSync(join(dir, 'alerts.yaml'), alertsYaml)
}

/** The rule both tests use: the latest value over the critical threshold (85 %) for 2 s. */
export const EDGE_RULE = `  - name: e2e
    rules:
      - alert: EdgeSessionsHigh
        condition: { type: utilisation, measure: latest, above: critical }
        for: 2s
        labels: { severity: critical, team: edge }
        annotations:
          summary: '{{ appName }} {{ metricName }} at {{ measured }} of {{ limit }} {{ unit }}'
          runbook_url: https://wiki.example.org/runbooks/edge
`
