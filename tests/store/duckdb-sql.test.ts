import { describe, expect, it } from 'vitest'
import { mergeIntervals } from '../../server/store/duckdb-sql.ts'

describe('mergeIntervals()', () => {
  it('joins overlapping and touching intervals and keeps gaps when given out of order', () => {
    expect(
      mergeIntervals([
        [10, 20],
        [0, 5],
        [20, 30],
        [25, 26],
        [40, 50],
      ]),
    ).toEqual([
      [0, 5],
      [10, 30],
      [40, 50],
    ])
  })
})
