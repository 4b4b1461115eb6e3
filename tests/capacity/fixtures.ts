// Shared test helpers: a tiny estate builder and the NAB CSV reader.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { estateSchema, type Estate } from '../../server/config/schema.ts'
import type { Point } from '../../server/capacity/forecast/types.ts'

export function estate(raw: unknown): Estate {
  return estateSchema.parse(raw)
}

/** A NAB series; timestamps are local wall-clock times, read as UTC so hours stay as printed. */
export function nab(name: string): Point[] {
  const path = fileURLToPath(new URL(`../fixtures/nab/${name}`, import.meta.url))
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [t, v] = line.split(',')
      return { at: Date.parse(`${(t as string).replace(' ', 'T')}Z`), value: Number(v) }
    })
}

export const metric = (id: string, limit: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  kind: 'throughput',
  unit: 'tps',
  limits: [{ name: 'tps', value: limit, evidence: { source: 'vendor', date: '2025-01-01' } }],
  leadTimeDays: 30,
  ...extra,
})
