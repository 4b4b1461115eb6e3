// Annotation templates: `{{ appName }} is at {{ utilisation }} of {{ limit }} {{ unit }}`.
// Named values come from the condition (see each condition's `variables`);
// `{{ $labels.team }}` and `{{ $value }}` work as in Prometheus rule files.
// No logic, no functions: a template is text with holes, checked at load
// time so a typo is a config error rather than a blank in a page at 3 am.
import type { Labels } from './types.ts'

const HOLE = /\{\{\s*([^{}]*?)\s*\}\}/g
const NAME = /^(\$value|\$labels\.[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)$/

/** Names used by a template, in order, or an error sentence for a hole that is not a name. */
export function templateNames(text: string): { names: string[]; error: string | null } {
  const names: string[] = []
  for (const m of text.matchAll(HOLE)) {
    const name = m[1] ?? ''
    if (!NAME.test(name)) {
      return {
        names,
        error: `"{{ ${name} }}" is not a template value; use a name like {{ appName }}, {{ $labels.team }} or {{ $value }}`,
      }
    }
    names.push(name)
  }
  if (/\{\{|\}\}/.test(text.replace(HOLE, ''))) return { names, error: 'has an unmatched "{{" or "}}"' }
  return { names, error: null }
}

/** Why a template cannot be rendered with these variables, or null when it can. */
export function checkTemplate(text: string, known: readonly string[]): string | null {
  const { names, error } = templateNames(text)
  if (error) return error
  for (const name of names) {
    if (name === '$value' || name.startsWith('$labels.')) continue
    if (!known.includes(name)) return `unknown template value "{{ ${name} }}"; known: ${known.join(', ')}`
  }
  return null
}

/** Fills every hole; a value the candidate does not have reads "—" (a checked template never has one). */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>, labels: Labels, value: string): string {
  return text.replace(HOLE, (_whole, raw: string) => {
    if (raw === '$value') return value
    if (raw.startsWith('$labels.')) return labels[raw.slice(8)] ?? ''
    return vars[raw] ?? '—'
  })
}
