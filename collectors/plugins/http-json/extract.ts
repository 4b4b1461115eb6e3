// Turns one parsed JSON document into samples for one field mapping. Pure:
// no I/O, so the mapping rules are testable with plain objects. Problems are
// returned as sentences (not thrown) so one bad item never hides the others.
import { JSONPath } from 'jsonpath-plus'
import type { Sample } from '../../types.ts'
import type { HttpJsonField } from './config.ts'

export interface Extraction {
  samples: Sample[]
  problems: string[]
}

function query(path: string, json: unknown): unknown[] {
  // jsonpath-plus is typed for objects; a scalar document simply matches "$".
  const result: unknown = JSONPath({ path, json: json as null, wrap: true })
  return Array.isArray(result) ? result : []
}

/** A JSON value as a sample value, or a sentence saying why it is not one. */
function toNumber(raw: unknown, valueMap: Record<string, number> | undefined): number | string {
  if (typeof raw === 'string' && valueMap && raw in valueMap) return valueMap[raw] ?? NaN
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : `is ${raw}, not a finite number`
  if (typeof raw === 'boolean') return raw ? 1 : 0
  if (typeof raw === 'string') {
    const n = Number(raw)
    if (raw.trim() !== '' && Number.isFinite(n)) return n
    return `is the text "${raw.slice(0, 40)}", not a number${valueMap ? ' (and not a key of valueMap)' : ' (add a valueMap to map text to numbers)'}`
  }
  if (raw === null) return 'is null'
  return `is ${Array.isArray(raw) ? 'an array' : 'an object'}, not a number`
}

/** ISO text, or epoch seconds / milliseconds told apart by size. */
function toDate(raw: unknown): Date | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Date(raw < 1e11 ? raw * 1000 : raw)
  if (typeof raw === 'string') {
    const d = new Date(raw)
    return Number.isNaN(d.getTime()) ? null : d
  }
  return null
}

function firstString(path: string, json: unknown): string | null {
  const [hit] = query(path, json)
  if (typeof hit === 'string' && hit !== '') return hit
  if (typeof hit === 'number' || typeof hit === 'boolean') return String(hit)
  return null
}

function sampleFor(item: unknown, field: HttpJsonField, now: Date, where: string): Sample | string {
  const hits = query(field.value, item)
  if (hits.length === 0) return `${where}${field.value}: no match in the response`
  if (hits.length > 1) return `${where}${field.value}: matched ${hits.length} values; use "each" to emit one sample per item`
  const value = toNumber(hits[0], field.valueMap)
  if (typeof value === 'string') return `${where}${field.value}: ${value}`
  const app = field.app ?? (field.appPath ? firstString(field.appPath, item) : null)
  if (app === null) return `${where}${field.appPath ?? 'appPath'}: no application id in the response`
  let at = now
  if (field.time) {
    const [rawTime] = query(field.time, item)
    const parsed = toDate(rawTime)
    if (!parsed) return `${where}${field.time}: not a time (expected ISO text or epoch seconds/ms)`
    at = parsed
  }
  const tags: Record<string, string> = { ...field.tags }
  for (const [name, path] of Object.entries(field.tagPaths ?? {})) {
    const tag = firstString(path, item)
    if (tag === null) return `${where}${path}: no value for tag "${name}"`
    tags[name] = tag
  }
  const sample: Sample = { app, metric: field.metric, value, at }
  if (Object.keys(tags).length > 0) sample.tags = tags
  return sample
}

/** All samples one field mapping yields from one response document. */
export function extractField(doc: unknown, field: HttpJsonField, now: Date): Extraction {
  const samples: Sample[] = []
  const problems: string[] = []
  const items = field.each ? query(field.each, doc) : [doc]
  if (field.each && items.length === 0) problems.push(`${field.each}: no match in the response`)
  items.forEach((item, i) => {
    const where = field.each ? `${field.each}[${i}] ` : ''
    const result = sampleFor(item, field, now, where)
    if (typeof result === 'string') problems.push(`metric ${field.metric}: ${result}`)
    else samples.push(result)
  })
  return { samples, problems }
}
