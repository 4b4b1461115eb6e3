// Reads one YAML file keeping its source positions, so schema errors found on
// the parsed value can be mapped back to a line.
//
// Two parsers, one meaning. `yaml` keeps every node's position and explains
// syntax errors well, but takes 5 s on a 10 000-metric estate (7 MB); js-yaml
// reads the same file in 1 s. So js-yaml reads the value (YAML 1.2 core
// schema, the same as `yaml`'s default: dates stay strings, `<<` is a plain
// key, duplicate keys are errors) with every alias refused, and `yaml` runs
// only when a position is asked for (a schema problem to point at) or when
// js-yaml refused the file: then its own error, alias-bomb guard and
// positions decide, exactly as before.
import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { load as quickLoad } from 'js-yaml'
import { isNode, LineCounter, parseDocument, visit, type Document } from 'yaml'
import { formatPath, type ConfigProblem } from './problems.ts'

export interface YamlFile {
  /** File name as shown in problems (relative name, not the absolute path). */
  name: string
  doc: Document
  lines: LineCounter
  value: unknown
}

/** Aliases a file may expand: far more than any real config uses, far less than an alias bomb needs. */
export const MAX_ALIAS_COUNT = 1000

export async function readYamlFile(path: string, displayName = basename(path)): Promise<YamlFile | ConfigProblem[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT'
        ? `file not found in ${dirname(path)} (it is required)`
        : code === 'EISDIR'
          ? 'is a directory, expected a YAML file'
          : `cannot be read (${code ?? String(err)})`
    return [{ file: displayName, line: null, path: '', message: reason }]
  }
  return parseYamlText(text, displayName)
}

export function parseYamlText(text: string, name: string): YamlFile | ConfigProblem[] {
  if (text.trim() === '' || text.split('\n').every((l) => /^\s*(#.*)?$/.test(l))) {
    return [{ file: name, line: null, path: '', message: 'the file is empty (only blank lines or comments)' }]
  }
  const quick = quickValue(text)
  if (quick.ok) {
    let positions: { doc: Document; lines: LineCounter } | null = null
    const located = (): { doc: Document; lines: LineCounter } => {
      if (!positions) {
        const lines = new LineCounter()
        positions = { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines }
      }
      return positions
    }
    return topLevel(name, quick.value, () => ({
      name,
      value: quick.value,
      get doc() {
        return located().doc
      },
      get lines() {
        return located().lines
      },
    }))
  }
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  // Warnings too: a tab or an unresolved tag silently changes what the file means.
  const errors = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')]
  if (errors.length > 0) {
    // The first error is the one to fix; what follows it on later lines is mostly its echo.
    const [first] = errors
    const e = first as (typeof errors)[number]
    const pos = e.linePos?.[0] ?? (e.pos[0] >= 0 ? lines.linePos(e.pos[0]) : null)
    const more = errors.length > 1 ? ` (${errors.length - 1} more error(s) after it, most likely caused by this one)` : ''
    const problem: ConfigProblem = {
      file: name,
      line: pos?.line ?? null,
      path: '',
      message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}${more}`,
    }
    if (pos) problem.column = pos.col
    return [problem]
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (err) {
    // An alias bomb or an alias to an anchor that is not there: refused, and the file named.
    const message = err instanceof Error ? err.message : String(err)
    const excessive = /excessive alias count/i.test(message)
    const at = aliasPosition(doc, lines, !excessive)
    const problem: ConfigProblem = {
      file: name,
      line: at?.line ?? null,
      path: '',
      message: excessive
        ? `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an "alias bomb"); refused`
        : `YAML aliases: ${message}`,
    }
    if (at) problem.column = at.col
    return [problem]
  }
  return topLevel(name, value, () => ({ name, doc, lines, value }))
}

/** js-yaml's reading of a file it reads exactly as `yaml` would; not ok for anything else (see the top). */
function quickValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: quickLoad(text, { maxAliases: 0 }) }
  } catch {
    return { ok: false }
  }
}

/** The file when its top is a mapping; else the problem. */
function topLevel(name: string, value: unknown, file: () => YamlFile): YamlFile | ConfigProblem[] {
  if (value === null || value === undefined) {
    return [{ file: name, line: null, path: '', message: 'the file is empty (only blank lines or comments)' }]
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [
      {
        file: name,
        line: 1,
        path: '',
        message: `expected a mapping (key: value) at the top, got ${Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)}`}`,
      },
    ]
  }
  return file()
}

/** Where the first alias is (for a bomb), or the first alias whose anchor does not exist. */
function aliasPosition(doc: Document, lines: LineCounter, unresolvedOnly: boolean): { line: number; col: number } | null {
  let found: { line: number; col: number } | null = null
  visit(doc, {
    Alias(_key, node) {
      if (found || !node.range) return
      if (unresolvedOnly && node.resolve(doc) !== undefined) return
      found = lines.linePos(node.range[0])
      return visit.BREAK
    },
  })
  return found
}

/**
 * Line of the node at `path`, or of its nearest existing ancestor (a missing
 * required key is reported on the object that lacks it).
 */
export function lineOf(file: YamlFile, path: readonly PropertyKey[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (typeof k === 'symbol' ? String(k) : k))
    const node = depth === 0 ? file.doc.contents : file.doc.getIn(keys, true)
    if (isNode(node) && node.range) return file.lines.linePos(node.range[0]).line
  }
  return null
}

export function problemAt(file: YamlFile, path: readonly PropertyKey[], message: string): ConfigProblem {
  return { file: file.name, line: lineOf(file, path), path: formatPath(path), message }
}
