// One CSV line into its fields (RFC 4180 within a line: commas separate,
// a field may be quoted, "" inside quotes is one quote). Lines are split
// before parsing, so a malformed line (a stray or unclosed quote) is one bad
// row: the next line parses as if nothing happened. A general CSV parser
// would read everything after an unclosed quote as one field and drop every
// later row. The cost: a quoted field cannot span lines, which none of the
// imported kinds (numbers, dates, ids) need.

export type ParsedLine = { fields: string[] } | { error: string }

export function parseCsvLine(line: string): ParsedLine {
  const fields: string[] = []
  let i = 0
  for (;;) {
    const n = fields.length + 1
    if (line[i] === '"') {
      let value = ''
      let j = i + 1
      for (;;) {
        const close = line.indexOf('"', j)
        if (close < 0) return { error: `unclosed quote in column ${n}: a quoted field must end with " on the same line` }
        value += line.slice(j, close)
        if (line[close + 1] === '"') {
          value += '"'
          j = close + 2
          continue
        }
        i = close + 1
        break
      }
      fields.push(value)
      if (i === line.length) return { fields }
      if (line[i] !== ',') return { error: `unexpected text after the closing quote in column ${n}` }
      i++
      continue
    }
    const comma = line.indexOf(',', i)
    const value = comma < 0 ? line.slice(i) : line.slice(i, comma)
    if (value.includes('"'))
      return { error: `stray quote (") in column ${n}: quote the whole field and double the quote inside ("a ""b"" c")` }
    fields.push(value)
    if (comma < 0) return { fields }
    i = comma + 1
  }
}
