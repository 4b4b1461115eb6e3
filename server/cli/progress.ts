// Progress of a long import on stderr. On a terminal: one line redrawn in
// place (bar, percent, rows, rows/s) at most every 100 ms. Piped into a log
// or CI: a plain line every 10 % (or every 10 s if it crawls), so the log is
// readable and never full of carriage returns.

export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface ProgressState {
  bytesRead: number
  totalBytes: number
  rows: number
  errors: number
}

export interface ProgressReporter {
  update(p: ProgressState): void
  /** Final line (the TTY bar ends with a newline). */
  done(p: ProgressState): void
}

const REDRAW_MS = 100
const PLAIN_STEP = 0.1
const PLAIN_MAX_SILENCE_MS = 10_000

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-GB')
}

export function progressLine(p: ProgressState, elapsedMs: number, width: number | null): string {
  const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 1
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4)
  const rate = elapsedMs > 0 ? (p.rows * 1000) / elapsedMs : 0
  const tail = `${pct}  ${formatCount(p.rows)} rows  ${formatCount(rate)} rows/s${p.errors > 0 ? `  ${formatCount(p.errors)} bad` : ''}`
  if (width === null) return tail.trim()
  const barWidth = Math.max(10, Math.min(40, width - tail.length - 3))
  const filled = Math.round(fraction * barWidth)
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${tail}`
}

export function createProgressReporter(stream: ProgressStream, label: string, clock: () => number = Date.now): ProgressReporter {
  const started = clock()
  let lastDraw = -Infinity
  let lastStep = -1
  const tty = stream.isTTY === true
  const draw = (p: ProgressState): void => {
    const line = progressLine(p, clock() - started, stream.columns ?? 80)
    stream.write(`\r${label} ${line}`.slice(0, (stream.columns ?? 80) + 1).padEnd(Math.min(stream.columns ?? 80, 100)))
  }
  return {
    update(p) {
      const t = clock()
      if (tty) {
        if (t - lastDraw < REDRAW_MS) return
        lastDraw = t
        draw(p)
        return
      }
      // 100 % is left to done(): bytes are all read before the last rows are parsed.
      if (p.totalBytes > 0 && p.bytesRead >= p.totalBytes) return
      const step = p.totalBytes > 0 ? Math.min(Math.floor(p.bytesRead / p.totalBytes / PLAIN_STEP), 1 / PLAIN_STEP - 1) : 0
      if (step > lastStep || t - lastDraw >= PLAIN_MAX_SILENCE_MS) {
        lastStep = Math.max(step, lastStep)
        lastDraw = t
        stream.write(`${label} ${progressLine(p, t - started, null)}\n`)
      }
    },
    done(p) {
      if (tty) {
        draw(p)
        stream.write('\n')
      } else {
        stream.write(`${label} ${progressLine(p, clock() - started, null)}\n`)
      }
    },
  }
}
