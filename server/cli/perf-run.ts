// `headroom perf-run --env perf --from T --to T [--name N] [--apps a,b]`:
// records a performance-test run from the monitored series of a test
// environment. It asks the running server (POST /api/perf-runs, operator
// token in HEADROOM_TOKEN), so the engine and every open page see the new
// evidence at once; with no server listening it opens the store itself
// (the embedded DuckDB file is free then) and records the run there.
import type { PerfRunsRecorded } from '../http/api-types/plan.ts'
import type { Settings } from '../settings.ts'
import { parseArgs, UsageError } from './args.ts'
import { recordDirect, type PerfRunArgs } from './perf-run-direct.ts'

export interface PerfRunIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

export type { PerfRunArgs }

export function parsePerfRunArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): PerfRunArgs {
  const args = parseArgs(argv, 'perf-run', ['env', 'from', 'to', 'name', 'apps', 'url'])
  if (args.positional.length > 0) throw new UsageError(`perf-run takes no arguments; got ${args.positional.join(' ')}`)
  const need = (k: string): string => {
    const v = args.values.get(k)
    if (!v)
      throw new UsageError(`perf-run needs --${k} (headroom perf-run --env perf --from 2026-10-14T09:00Z --to 2026-10-14T10:00Z)`)
    return v
  }
  const apps = args.values
    .get('apps')
    ?.split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  const name = args.values.get('name')
  return {
    environment: need('env'),
    from: need('from'),
    to: need('to'),
    ...(name ? { name } : {}),
    ...(apps?.length ? { apps } : {}),
    url: args.values.get('url') ?? env.HEADROOM_URL ?? `http://127.0.0.1:${env.HEADROOM_PORT ?? env.PORT ?? '8080'}`,
  }
}

function print(io: PerfRunIo, recorded: PerfRunsRecorded, where: string): number {
  for (const e of recorded.errors) io.stderr.write(`line ${e.line}: ${e.message}\n`)
  for (const run of recorded.runs) {
    io.stdout.write(`${run.name} (${run.environment}, ${run.from} → ${run.to}) recorded ${where}:\n`)
    for (const p of run.peaks) io.stdout.write(`  ${p.app}/${p.metric}: ${p.note}; evidence ${p.liveEquivalent} ${p.unit} live\n`)
    for (const s of run.skipped) io.stdout.write(`  ${s.app}/${s.metric}: skipped, ${s.reason}\n`)
  }
  return recorded.runs.some((r) => r.peaks.length > 0) ? 0 : 1
}

function refused(err: unknown): boolean {
  const cause: unknown = err instanceof Error ? err.cause : undefined
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? cause.code : undefined
  return code === 'ECONNREFUSED'
}

export async function perfRunCommand(
  argv: readonly string[],
  settings: Settings,
  io: PerfRunIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const args = parsePerfRunArgs(argv, env)
  const body = {
    environment: args.environment,
    from: args.from,
    to: args.to,
    ...(args.name ? { name: args.name } : {}),
    ...(args.apps ? { apps: args.apps } : {}),
  }
  let res: Response
  try {
    res = await fetch(`${args.url}/api/perf-runs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(env.HEADROOM_TOKEN ? { authorization: `Bearer ${env.HEADROOM_TOKEN}` } : {}),
      },
      body: JSON.stringify(body),
    })
  } catch (err) {
    if (!refused(err)) throw err
    io.stderr.write(`no Headroom server at ${args.url}; recording in the store directly\n`)
    return print(io, await recordDirect(settings, args), `in ${settings.dataDir}`)
  }
  const answer: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const message =
      typeof answer === 'object' && answer !== null && 'error' in answer ? String(answer.error) : `HTTP ${res.status}`
    io.stderr.write(`headroom perf-run: ${message}\n`)
    return 1
  }
  return print(io, answer as PerfRunsRecorded, `by ${args.url}`)
}
