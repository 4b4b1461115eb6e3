import { describe, expect, it } from 'vitest'
import { createProgressReporter, progressLine } from '../../server/cli/progress.ts'

function sink(isTTY: boolean) {
  const writes: string[] = []
  return { writes, stream: { isTTY, columns: 100, write: (t: string) => writes.push(t) } }
}

describe('progressLine()', () => {
  it('progressLine() shows percent, rows and rows/s without a bar when not on a terminal', () => {
    expect(progressLine({ bytesRead: 450, totalBytes: 1000, rows: 12_000, errors: 0 }, 4000, null)).toBe(
      '45%  12,000 rows  3,000 rows/s',
    )
  })
  it('progressLine() draws a bar and counts bad rows on a terminal', () => {
    const line = progressLine({ bytesRead: 500, totalBytes: 1000, rows: 10, errors: 2 }, 1000, 80)
    expect(line).toMatch(/^\[#+\.+\] {2}50% {2}10 rows {2}10 rows\/s {2}2 bad$/)
    const bar = /\[([#.]+)\]/.exec(line)?.[1] ?? ''
    expect(bar.split('').filter((c) => c === '#').length).toBe(bar.length / 2)
  })
})

describe('createProgressReporter()', () => {
  it('createProgressReporter() prints a plain line per 10 % step when stderr is not a TTY', () => {
    const { writes, stream } = sink(false)
    let t = 0
    const r = createProgressReporter(stream, 'f.csv', () => t)
    for (let b = 0; b <= 1000; b += 50) {
      t += 10
      r.update({ bytesRead: b, totalBytes: 1000, rows: b, errors: 0 })
    }
    r.done({ bytesRead: 1000, totalBytes: 1000, rows: 1000, errors: 0 })
    expect(writes).toHaveLength(11)
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true)
    expect(writes.at(-1)).toMatch(/^f\.csv 100% {2}1,000 rows/)
  })

  it('createProgressReporter() prints only the final line when a small file is read in one chunk before its rows are parsed', () => {
    const { writes, stream } = sink(false)
    const r = createProgressReporter(stream, 'a.csv', () => 0)
    r.update({ bytesRead: 60, totalBytes: 60, rows: 0, errors: 0 })
    r.done({ bytesRead: 60, totalBytes: 60, rows: 2, errors: 1 })
    expect(writes).toEqual(['a.csv 100%  2 rows  0 rows/s  1 bad\n'])
  })

  it('createProgressReporter() redraws one line in place at most every 100 ms on a TTY and ends with a newline', () => {
    const { writes, stream } = sink(true)
    let t = 0
    const r = createProgressReporter(stream, 'f.csv', () => t)
    for (let i = 0; i < 50; i++) {
      t += 20
      r.update({ bytesRead: i * 20, totalBytes: 1000, rows: i, errors: 0 })
    }
    r.done({ bytesRead: 1000, totalBytes: 1000, rows: 50, errors: 0 })
    const redraws = writes.filter((w) => w.startsWith('\r'))
    expect(redraws.length).toBeLessThanOrEqual(11 + 1)
    expect(redraws.length).toBeGreaterThanOrEqual(9)
    expect(writes.at(-1)).toBe('\n')
    expect(redraws.at(-1)).toMatch(/100% {2}50 rows/)
  })
})
