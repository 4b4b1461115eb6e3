// Reads one YAML file keeping its source positions, so schema errors found on
// the parsed value can be mapped back to a line.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { isNode, LineCounter, parseDocument, type Document } from 'yaml'
import { formatPath, type ConfigProblem } from './problems.ts'

export interface YamlFile {
  /** File name as shown in problems (relative name, not the absolute path). */
  name: string
  doc: Document
  lines: LineCounter
  value: unknown
}

export async function readYamlFile(path: string, displayName = basename(path)): Promise<YamlFile | ConfigProblem[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err)
    return [{ file: displayName, line: null, path: '', message: reason }]
  }
  return parseYamlText(text, displayName)
}

export function parseYamlText(text: string, name: string): YamlFile | ConfigProblem[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      file: name,
      line: e.linePos?.[0]?.line ?? null,
      path: '',
      message: e.message.split('\n')[0] ?? e.message,
    }))
  }
  return { name, doc, lines, value: doc.toJS() as unknown }
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
