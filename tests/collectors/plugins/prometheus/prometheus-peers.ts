// Starts the real peers of the prometheus plugin on loopback: a Debian
// `prometheus` (basic auth through its web config file, 1 s scrapes, temp
// TSDB) scraping a real `prometheus-node-exporter` and a GGSN-like target of
// our own, plus a bearer-token gateway in front of Prometheus (how sites
// usually expose it to tools that only speak bearer).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitFor } from '../../../support/services.ts'

export const basicUser = 'headroom'
export const basicPassword = 'prom-basic-pw'
// bcrypt of basicPassword (cost 10): Prometheus only accepts hashes in its web config.
const basicHash = '$2b$10$dLzRGrUJtZ1w4iUic1uTHOAuSZ1meNS/jD9bjdcoS/vXFEBApKONi'
export const gatewayToken = 'gw-bearer-token-not-for-logs'
/** The own target's counter grows by this much per second, so rate() has a known answer. */
export const packetsPerSecond = 500

export interface PrometheusPeers {
  promUrl: string
  gatewayUrl: string
  stop(): Promise<void>
}

function startTarget(port: number): Promise<Server> {
  const started = Date.now()
  const server = createServer((req, res) => {
    const packets = Math.floor(((Date.now() - started) / 1000) * packetsPerSecond)
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
    res.end(
      [
        '# HELP ggsn_pdp_contexts_active Active PDP contexts on the gateway.',
        '# TYPE ggsn_pdp_contexts_active gauge',
        'ggsn_pdp_contexts_active{site="north",node="ggsn-n1"} 41234',
        'ggsn_pdp_contexts_active{site="south",node="ggsn-s1"} 38876',
        '# HELP ggsn_session_setup_seconds Median PDP session set-up time.',
        '# TYPE ggsn_session_setup_seconds gauge',
        'ggsn_session_setup_seconds{site="north"} 0.25',
        '# HELP ggsn_gtp_packets_total GTP-U packets forwarded.',
        '# TYPE ggsn_gtp_packets_total counter',
        `ggsn_gtp_packets_total{site="north"} ${packets}`,
        '',
      ].join('\n'),
    )
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

/** Checks the bearer token, then forwards to Prometheus with its basic credentials. */
function startGateway(port: number, promPort: number): Promise<Server> {
  const upstreamAuth = `Basic ${Buffer.from(`${basicUser}:${basicPassword}`).toString('base64')}`
  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${gatewayToken}`) {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end('{"status":"error","errorType":"unauthorized","error":"invalid bearer token"}')
      return
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: promPort,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, authorization: upstreamAuth },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(upstream)
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

const closeServer = (s: Server): Promise<void> => new Promise((resolve) => s.close(() => resolve()))

export async function startPrometheusPeers(binaries: { prometheus: string; nodeExporter: string }): Promise<PrometheusPeers> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-prom-'))
  const [promPort, exporterPort, targetPort, gatewayPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ]
  const children: ChildProcess[] = []
  const servers: Server[] = []
  const output: string[] = []
  const track = (child: ChildProcess, name: string): ChildProcess => {
    child.stderr?.on('data', (chunk: Buffer) => output.push(`${name}: ${chunk.toString()}`))
    children.push(child)
    return child
  }
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(stopChild))
    await Promise.all(servers.map(closeServer))
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    servers.push(await startTarget(targetPort))
    track(
      spawn(
        binaries.nodeExporter,
        [
          `--web.listen-address=127.0.0.1:${exporterPort}`,
          '--collector.disable-defaults',
          '--collector.cpu',
          '--collector.loadavg',
          '--collector.meminfo',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      ),
      'node-exporter',
    )
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: ggsn',
        `    static_configs: [{ targets: ['127.0.0.1:${targetPort}'] }]`,
        '  - job_name: node',
        `    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]`,
        '',
      ].join('\n'),
    )
    writeFileSync(join(dir, 'web.yml'), `basic_auth_users:\n  ${basicUser}: '${basicHash}'\n`)
    track(
      spawn(
        binaries.prometheus,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--web.config.file=${join(dir, 'web.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${promPort}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      ),
      'prometheus',
    )
    servers.push(await startGateway(gatewayPort, promPort))
    const promUrl = `http://127.0.0.1:${promPort}`
    const auth = `Basic ${Buffer.from(`${basicUser}:${basicPassword}`).toString('base64')}`
    const query = async (expr: string): Promise<number> => {
      const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, { headers: { authorization: auth } })
      const body = (await res.json()) as { data?: { result?: unknown[] } }
      return body.data?.result?.length ?? 0
    }
    // Ready means: both targets up, and 8 s of history so rate() and backfill have data.
    await waitFor('prometheus to scrape both targets', async () => (await query('up == 1')) === 2, 60_000)
    await waitFor(
      'eight scrapes of the ggsn counter',
      async () => (await query('count_over_time(ggsn_gtp_packets_total[20s]) >= 8')) === 1,
      60_000,
    )
    return { promUrl, gatewayUrl: `http://127.0.0.1:${gatewayPort}`, stop }
  } catch (err) {
    await stop()
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output.join('').slice(-2000)}`)
  }
}
