// Ordinary least squares for the small regressions of the autoregressive
// candidates (a handful of columns, at most a year of rows): normal
// equations solved by Gaussian elimination with partial pivoting. Plain
// arrays, deterministic, no dependency.

/** Solves A·x = b for a small square A; null when A is singular. */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] as number])
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r
    if (Math.abs(m[pivot]![c]!) < 1e-12) return null
    ;[m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = m[r]![c]! / m[c]![c]!
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number))
}

export interface LeastSquaresFit {
  coef: number[]
  /** Sum of squared residuals. */
  sse: number
}

/** Least-squares coefficients of `target` on the columns of `rows`; null when the columns are collinear. */
export function leastSquares(rows: readonly (readonly number[])[], target: readonly number[]): LeastSquaresFit | null {
  const k = rows[0]?.length ?? 0
  if (k === 0 || rows.length < k) return null
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  const atb = new Array<number>(k).fill(0)
  rows.forEach((r, t) => {
    for (let i = 0; i < k; i++) {
      atb[i]! += r[i]! * target[t]!
      for (let j = i; j < k; j++) ata[i]![j]! += r[i]! * r[j]!
    }
  })
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) ata[i]![j] = ata[j]![i]!
  const coef = solveLinear(ata, atb)
  if (!coef) return null
  let sse = 0
  rows.forEach((r, t) => {
    let fit = 0
    for (let i = 0; i < k; i++) fit += r[i]! * coef[i]!
    sse += (target[t]! - fit) ** 2
  })
  return { coef, sse }
}

/** Small-sample corrected AIC of a Gaussian fit with `params` parameters on `m` residuals (Hyndman's forecast uses it to pick orders). */
export function aicc(sse: number, m: number, params: number): number {
  const sigma2 = Math.max(sse / m, 1e-300)
  return m * Math.log(sigma2) + 2 * params + (2 * params * (params + 1)) / Math.max(1e-9, m - params - 1)
}
