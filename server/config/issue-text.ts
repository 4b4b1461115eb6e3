// One zod issue as a sentence that says what was expected and what was
// found: "expected a number, got the string 'abc'" rather than zod's
// "Invalid input: expected number, received string", and "missing" only when
// the key is really absent. Shared by the config loader and the plugins.
import type { z } from 'zod'

const article: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  date: 'a date',
  bigint: 'a whole number',
  null: 'null',
}

/** The value as a person would name it: the string 'abc', the number 3, a list of 2 items. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)'
  if (typeof value === 'string') return `the string '${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`
  if (typeof value === 'number') return `the number ${value}`
  if (typeof value === 'boolean') return `${value}`
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (value instanceof Date)
    return `the date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().slice(0, 10)}`
  if (typeof value === 'object') return 'a mapping (key: value)'
  return typeof value
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  const input: unknown = 'input' in issue ? issue.input : undefined
  switch (issue.code) {
    case 'invalid_type': {
      const wanted = article[issue.expected] ?? issue.expected
      if (input === undefined) return `missing: expected ${wanted}`
      return `expected ${wanted}, got ${describeValue(input)}`
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
      return `expected one of ${options}, got ${describeValue(input)}`
    }
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    case 'too_small':
    case 'too_big': {
      const text = /^Too (small|big)/.test(issue.message) ? bound(issue) : issue.message
      return isPrimitive(input) || Array.isArray(input) ? `${text}, got ${describeValue(input)}` : text
    }
    case 'invalid_union':
      return `${issue.message.replace(/^Invalid input$/, 'not one of the accepted forms')}${input === undefined ? '' : `, got ${describeValue(input)}`}`
    default: {
      // Our own messages ("expected a lower-case id ...") say what is wanted; add what was found
      // when it is a plain value (a rule about a whole mapping names its fields itself).
      const found = !isPrimitive(input) || /\bgot\b/.test(issue.message) ? '' : `, got ${describeValue(input)}`
      return `${issue.message}${found}`
    }
  }
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/** zod's "Too small: expected number to be >=0" as "expected a number of at least 0". */
function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small'
  const limit = String(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum)
  const inclusive = issue.inclusive !== false
  const word = small ? (inclusive ? 'of at least' : 'above') : inclusive ? 'of at most' : 'below'
  switch (issue.origin) {
    case 'array':
    case 'set':
      return `expected ${word.replace('of ', '')} ${limit} item${limit === '1' ? '' : 's'}`
    case 'string':
      return small && limit === '1' ? 'expected non-empty text' : `expected text of ${word} ${limit} characters`
    default:
      return `expected a number ${word} ${limit}`
  }
}
