// The checks every store makes on an aggregate() query before running it.
import type { AggregateQuery } from './types.ts'

export function checkAggregateQuery(q: AggregateQuery): void {
  if (!(q.stepMs >= 1) || !Number.isInteger(q.stepMs)) {
    throw new Error(`aggregate(): stepMs must be a whole number of milliseconds >= 1; got ${q.stepMs}`)
  }
  const offset = q.offsetMs ?? 0
  if (!Number.isInteger(offset)) throw new Error(`aggregate(): offsetMs must be a whole number of milliseconds; got ${offset}`)
  if (!(q.from.getTime() <= q.to.getTime())) throw new Error('aggregate(): from must not be after to')
}
