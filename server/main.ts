// The `headroom` command line: serve (default) | validate [dir] | hash-token SECRET.
import { resolve } from 'node:path'
import { ConfigError, formatProblem } from './config/problems.ts'
import { loadConfig } from './config/load.ts'
import { ROOT, startServer } from './app.ts'
import { buildClient, clientNeedsBuild } from './client-build.ts'
import { createLogger } from './log.ts'
import { hashToken } from './security/tokens.ts'
import { readSettings, SettingsError } from './settings.ts'
import { UsageError as CliUsageError } from './cli/args.ts'

const USAGE = `usage: headroom [command]
  serve [--build-client-if-missing] [--no-collect]
                                      run the dashboard (default); --no-collect (or HEADROOM_COLLECT=off)
                                      leaves collection to separate collect processes
  collect [--shard i/n]               run collectors only (needs HEADROOM_INFLUX_URL); --shard runs the
                                      collectors whose id hashes to shard i of n; /metrics and /healthz
                                      on HEADROOM_COLLECT_PORT if set
  import FILE [--kind K] [--version V]
                                      import a CSV (K: auto|driver-actuals|driver-forecast|perf-test);
                                      exits 1 if any row failed (good rows are still stored)
  example --metrics N --out DIR [--backfill-days D] [--interval S]
                                      write a scale estate of exactly N metrics (the example's applications,
                                      chains and drivers copied region by region) with its simulator
  fit-worker                          fit forecast models for the engine leader from the Redis queue
                                      (HEADROOM_REDIS_URL; the servers run with HEADROOM_FITS=queue)
  report [--out FILE.html] [--as-of YYYY-MM-DD] [--url URL]
                                      write the capacity report as one HTML file (print it or save as PDF);
                                      --url asks a running server (token in HEADROOM_TOKEN), else the
                                      store is read directly (stop a server that holds the DuckDB file)
  perf-run --env E --from T --to T [--name N] [--apps a,b] [--url U]
                                      record a perf-test run from test environment E's monitored series
                                      (asks the server at --url / HEADROOM_URL with HEADROOM_TOKEN; with no
                                      server listening, records in the store directly)
  validate [dir]                      check a config directory (default ./config); lists every problem
  hash-token SECRET                   print the SHA-256 digest to put in config/server.yaml`

// Each command's modules load when it runs: `serve` no longer loads bullmq and the other
// commands' dependencies (the module-loading turn of a start went from 939 to 436 ms).
export async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await serve(rest)
      case 'collect':
        return await (await import('./cli/collect.ts')).collectCommand(rest, readSettings(), createLogger())
      case 'import':
        return await (
          await import('./cli/import.ts')
        ).importCommand(rest, readSettings(), { stdout: process.stdout, stderr: process.stderr })
      case 'fit-worker':
        return await (await import('./cli/fit-worker.ts')).fitWorkerCommand(rest, createLogger())
      case 'example':
        return await (await import('./cli/example.ts')).exampleCommand(rest, ROOT)
      case 'report':
        return await (
          await import('./cli/report.ts')
        ).reportCommand(rest, readSettings(), { stdout: process.stdout, env: process.env })
      case 'perf-run':
        return await (
          await import('./cli/perf-run.ts')
        ).perfRunCommand(rest, readSettings(), { stdout: process.stdout, stderr: process.stderr })
      case 'validate':
        return await validate(rest[0])
      case 'hash-token':
        if (!rest[0]) throw new UsageError('hash-token needs the secret as its argument')
        console.log(hashToken(rest[0]))
        return 0
      case '--help':
      case 'help':
        console.log(USAGE)
        return 0
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Headroom will not start: ${err.problems.length} problem(s) in the configuration:`)
      for (const p of err.problems) console.error(`  ${formatProblem(p)}`)
      return 1
    }
    if (err instanceof SettingsError || err instanceof UsageError || err instanceof CliUsageError) {
      console.error(`headroom: ${err.message}`)
      if (err instanceof UsageError || err instanceof CliUsageError) console.error(USAGE)
      return 2
    }
    // Anything else at start-up (store unreachable, port taken, data dir locked)
    // is a sentence for the operator, not a stack trace.
    console.error(`headroom: could not ${command}: ${err instanceof Error ? err.message : String(err)}${hint(err)}`)
    if (process.env.HEADROOM_LOG_LEVEL === 'debug') console.error(err)
    return 1
  }
}

function hint(err: unknown): string {
  const text = String(err)
  if (text.includes('Could not set lock'))
    return '\n  another Headroom process is using this data dir; stop it or set HEADROOM_DATA_DIR'
  if (text.includes('EADDRINUSE')) return '\n  the port is taken; set HEADROOM_PORT to a free one'
  return ''
}

class UsageError extends Error {}

async function validate(dir: string | undefined): Promise<number> {
  const configDir = resolve(dir ?? process.env.HEADROOM_CONFIG_DIR ?? './config')
  try {
    const config = await loadConfig(configDir)
    const metrics = config.estate.applications.reduce((n, a) => n + a.metrics.length, 0)
    console.log(
      `${configDir}: OK — ${config.estate.applications.length} applications, ${metrics} metrics, ` +
        `${config.estate.chains.length} chains, ${config.estate.drivers.length} drivers, ${config.collectors.collectors.length} collectors, ` +
        `${config.alerts.rules.length} alert rules${config.alerts.source === 'defaults' ? ' (built-in defaults)' : ''}`,
    )
    return 0
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    for (const p of err.problems) console.error(formatProblem(p))
    console.error(`${err.problems.length} problem(s) in ${configDir}`)
    return 1
  }
}

async function serve(flags: string[]): Promise<number> {
  const settings = readSettings()
  if (flags.includes('--no-collect')) settings.collect = false
  const log = createLogger()
  if (flags.includes('--build-client-if-missing') && clientNeedsBuild(resolve(ROOT, 'client'))) buildClient(ROOT, log)
  const server = await startServer(settings, log)
  // Everything accepted is in the spool before it was acknowledged, so a stop
  // never has to wait for the store: the pipeline writes what it can within
  // the close timeout and leaves the rest on disk. This guard covers anything
  // else that might hang (a plugin ignoring its signal); a second signal exits at once.
  const closeTimeoutMs = settings.closeTimeoutMs ?? 10_000
  await new Promise<void>((resolveStop) => {
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) {
        log.warn({ signal }, 'second stop signal: exiting now (unsent points stay in the spool)')
        process.exit(1)
      }
      stopping = true
      log.info({ signal, closeTimeoutMs }, 'stopping')
      const guard = setTimeout(() => {
        log.error(
          `stop took longer than the close timeout (${closeTimeoutMs} ms) plus 5 s; exiting (unsent points stay in the spool)`,
        )
        process.exit(1)
      }, closeTimeoutMs + 5000)
      guard.unref()
      // A little is kept back for closing the store and exiting, so the whole stop fits the close timeout.
      server.close(Date.now() + Math.max(0, closeTimeoutMs - 500)).then(resolveStop, (err: unknown) => {
        log.error({ err }, 'error while stopping')
        resolveStop()
      })
    }
    process.on('SIGINT', () => stop('SIGINT'))
    process.on('SIGTERM', () => stop('SIGTERM'))
  })
  log.info('stopped')
  // A request to a stalled store may still hold a socket open; nothing is waiting for it.
  process.exit(0)
  return 0
}
