// `npm run bench`: runs every bench/*.ts module that exports run(), one after
// another (they compete for the same 2 cores otherwise), then prints a summary.
// A bench reports failure by returning { ok: false } or by throwing.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
// Optional filter: `npm run bench -- ingest` runs only bench/ingest.ts.
const only = process.argv.slice(3)

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function summarise(name: string, result: unknown): string {
  const rows = Array.isArray(result) ? result : [result]
  return rows
    .map((row) => {
      if (!isRecord(row)) return `${name}: ${String(row)}`
      const fields = Object.entries(row)
        .filter(([k]) => k !== 'name')
        .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : String(v)}`)
      return `${typeof row.name === 'string' ? row.name : name}: ${fields.join(' ')}`
    })
    .join('\n')
}

const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort()

const summary: string[] = []
let failed = false
for (const file of files) {
  const mod: unknown = await import(pathToFileURL(join(here, file)).href)
  if (!isRecord(mod) || typeof mod.run !== 'function') continue
  const name = file.replace(/\.ts$/, '')
  console.log(`\n== bench ${name} ==`)
  const t0 = performance.now()
  try {
    const result: unknown = await mod.run()
    const rows = Array.isArray(result) ? result : [result]
    if (rows.some((r) => isRecord(r) && r.ok === false)) failed = true
    summary.push(`${summarise(name, result)}  (${Math.round(performance.now() - t0)} ms)`)
  } catch (err) {
    failed = true
    summary.push(`${name}: FAILED ${err instanceof Error ? err.message : String(err)}`)
  }
}

console.log(`\n== summary ==\n${summary.join('\n') || 'no bench/*.ts module exports run()'}`)
process.exitCode = failed ? 1 : 0
