// The P90 band from back-test errors, conformal style: the P90 at step h is
// the P50 plus the 90 % quantile of the errors (actual − P50) the same
// procedure made at steps near h from earlier origins, with the finite-sample
// correction ⌈(m+1)·0.9⌉/m. It never narrows with the horizon, and beyond
// the longest back-tested step it keeps widening at the rate the back-test
// itself showed (a power of h between 0, no growth, and 0.5, a random walk).

/** Errors per origin: errors[o][h] = actual − P50 at step h + 1 (origins may be shorter than others). */
export type OriginErrors = readonly (readonly number[])[]

const WINDOW = 3
const MIN_SAMPLES = 5

function conformalQuantile(samples: number[], level: number): number {
  samples.sort((a, b) => a - b)
  const m = samples.length
  const rank = Math.min(m, Math.ceil((m + 1) * level))
  return samples[rank - 1] as number
}

/** Offsets to add to the P50 for steps 1..horizon; null when the back-test gave too few errors. */
export function conformalOffsets(errors: OriginErrors, horizon: number, level = 0.9): number[] | null {
  const tested = Math.max(0, ...errors.map((e) => e.length))
  if (errors.reduce((s, e) => s + e.length, 0) < 2 * MIN_SAMPLES || tested === 0) return null
  const q: number[] = []
  for (let h = 0; h < tested; h++) {
    const samples: number[] = []
    for (const e of errors)
      for (let j = Math.max(0, h - WINDOW); j <= Math.min(e.length - 1, h + WINDOW); j++) samples.push(e[j] as number)
    const raw = samples.length >= MIN_SAMPLES ? conformalQuantile(samples, level) : (q[h - 1] ?? 0)
    q.push(Math.max(0, raw, q[h - 1] ?? 0))
  }
  const third = Math.max(1, Math.floor(tested / 3))
  const mean = (from: number, to: number): number => q.slice(from, to).reduce((s, v) => s + v, 0) / (to - from)
  const early = mean(0, third)
  const late = mean(tested - third, tested)
  const hEarly = (third + 1) / 2
  const hLate = tested - (third - 1) / 2
  const growth =
    early > 0 && late > 0 && hLate > hEarly ? Math.min(0.5, Math.max(0, Math.log(late / early) / Math.log(hLate / hEarly))) : 0.5
  const last = q[tested - 1] as number
  return Array.from({ length: horizon }, (_, h) => (h < tested ? (q[h] as number) : last * ((h + 1) / tested) ** growth))
}
