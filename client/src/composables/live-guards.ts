// Socket payloads arrive as unknown JSON. These checks are shallow on
// purpose: enough to refuse garbage (and say so) without re-validating
// what the server's own types already guarantee.
import type { BackfillProgress } from '../api-types.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

export function isBackfill(value: unknown): value is BackfillProgress {
  return (
    isRecord(value) &&
    typeof value.state === 'string' &&
    ['idle', 'running', 'done', 'failed'].includes(value.state) &&
    typeof value.done === 'number' &&
    typeof value.total === 'number'
  )
}
