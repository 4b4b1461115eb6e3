// A zod error as config findings: one per problem, with its path and the
// sentence the loader shows. Shared by the file loader (which adds file and
// line) and by requests that carry a config fragment (a what-if scenario),
// so both say the same thing about the same mistake.
import type { z } from 'zod'
import type { Finding } from './estate-checks.ts'
import { describeIssue } from './issue-text.ts'

type Key = string | number

const asKeys = (path: readonly PropertyKey[]): Key[] => path.map((k) => (typeof k === 'symbol' ? String(k) : k))

export function zodFindings(error: z.ZodError): Finding[] {
  const findings: Finding[] = []
  for (const issue of error.issues) {
    const path = asKeys(issue.path)
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) findings.push({ path: [...path, key], message: `unknown key "${key}"` })
    } else {
      findings.push({ path, message: describeIssue(issue) })
    }
  }
  return findings
}
