// Every config problem carries its file, line and field path, so one run of
// `headroom validate` (or a refused start) lists everything to fix at once.

export interface ConfigProblem {
  file: string
  /** 1-based line, or null when the problem is about the file as a whole. */
  line: number | null
  /** 1-based column, when the file's loader reports one (alerts.yaml does). */
  column?: number
  /** Field path like `applications[2].metrics[0].warn`, or '' for the whole file. */
  path: string
  message: string
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`${problems.length} problem(s) in the configuration:\n${problems.map(formatProblem).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** `estate.yaml:14 applications[0].metrics[2].warn: expected a fraction of at most 1` */
export function formatProblem(p: ConfigProblem): string {
  const where = p.line === null ? p.file : p.column === undefined ? `${p.file}:${p.line}` : `${p.file}:${p.line}:${p.column}`
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where} ${p.message}`
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out
}
