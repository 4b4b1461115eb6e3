// The /query JSON is untyped; this narrows it to the one shape the store
// reads (series of columns/values with tags), and turns an error inside a
// 200 response (InfluxDB reports statement errors that way) into a throw.

export interface RawSeries {
  tags: Record<string, string>
  columns: string[]
  values: unknown[][]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** All series of the first statement's result. */
export function seriesOfResponse(raw: unknown, query: string): RawSeries[] {
  if (!isRecord(raw) || !Array.isArray(raw.results)) {
    throw new Error(`InfluxDB answered ${JSON.stringify(raw)?.slice(0, 200)} to: ${query}`)
  }
  const first: unknown = raw.results[0]
  if (!isRecord(first)) return []
  if (typeof first.error === 'string') throw new Error(`InfluxDB rejected the query (${first.error}): ${query}`)
  if (!Array.isArray(first.series)) return []
  return first.series.filter(isRecord).map((s) => {
    const tags: Record<string, string> = {}
    if (isRecord(s.tags)) for (const [k, v] of Object.entries(s.tags)) if (typeof v === 'string') tags[k] = v
    const columns = Array.isArray(s.columns) ? s.columns.map(String) : []
    const values = Array.isArray(s.values) ? s.values.filter((row): row is unknown[] => Array.isArray(row)) : []
    return { tags, columns, values }
  })
}

export function numberAt(row: unknown[], index: number, what: string): number {
  const v = row[index]
  if (typeof v === 'number') return v
  throw new Error(`InfluxDB returned ${JSON.stringify(v)} for ${what}; expected a number`)
}
