// Volumetric load model: metric = base + Σ coefficient × driver. Fitted from
// actuals by ordinary least squares when there is data, and refused when the
// fit explains too little (R² below a floor): a model that explains nothing
// would turn a driver forecast into confident nonsense.
import type { Maybe } from '../forecast/types.ts'

export interface LoadObservation {
  drivers: Record<string, number>
  value: number
}

export interface LoadModel {
  base: number
  coefficients: Record<string, number>
  r2: number
  n: number
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when singular. */
export function solveLinear(a: number[][], b: number[]): number[] | null {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i] as number])
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r
    const scale = Math.max(...m.map((row) => Math.abs(row[col] as number)), 1e-300)
    if (Math.abs(m[pivot]![col]!) < 1e-10 * scale) return null
    ;[m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]]
    const p = m[col] as number[]
    for (let r = 0; r < n; r++) {
      if (r === col) continue
      const row = m[r] as number[]
      const f = (row[col] as number) / (p[col] as number)
      for (let c = col; c <= n; c++) row[c] = (row[c] as number) - f * (p[c] as number)
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number))
}

/** Least-squares fit with an intercept; refuses too few rows, collinear drivers, or R² below `minR2`. */
export function fitLoadModel(rows: readonly LoadObservation[], drivers: readonly string[], minR2 = 0.3): Maybe<LoadModel> {
  const k = drivers.length + 1
  if (rows.length < k + 2)
    return {
      ok: false,
      reason: `${rows.length} observations cannot fit ${drivers.length} driver(s) and a base; need at least ${k + 2}`,
    }
  for (const [i, r] of rows.entries()) {
    const missing = drivers.find((d) => !Number.isFinite(r.drivers[d]))
    if (missing) return { ok: false, reason: `observation ${i + 1} has no value for driver "${missing}"` }
  }
  // Centre and scale each driver before the normal equations: hub counts in
  // millions beside installs in hundreds would otherwise make X'X so badly
  // conditioned that independent drivers look collinear.
  const n = rows.length
  const y = rows.map((r) => r.value)
  const yMean = y.reduce((s, v) => s + v, 0) / n
  const centre = drivers.map((d) => rows.reduce((s, r) => s + (r.drivers[d] as number), 0) / n)
  const spread = drivers.map((d, j) =>
    Math.sqrt(rows.reduce((s, r) => s + ((r.drivers[d] as number) - (centre[j] as number)) ** 2, 0) / n),
  )
  const flat = drivers.filter((_, j) => !((spread[j] as number) > 0))
  if (flat.length)
    return {
      ok: false,
      reason: `driver(s) ${flat.join(', ')} did not vary over the ${n} observations; their effect cannot be measured`,
    }
  const z = rows.map((r) => drivers.map((d, j) => ((r.drivers[d] as number) - (centre[j] as number)) / (spread[j] as number)))
  const p = drivers.length
  const ztz = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => z.reduce((s, row) => s + (row[i] as number) * (row[j] as number), 0)),
  )
  const zty = Array.from({ length: p }, (_, i) => z.reduce((s, row, t) => s + (row[i] as number) * ((y[t] as number) - yMean), 0))
  const gamma = p === 0 ? [] : solveLinear(ztz, zty)
  if (!gamma) return { ok: false, reason: `drivers ${drivers.join(', ')} move together; their effects cannot be separated` }
  const slopes = gamma.map((g, j) => g / (spread[j] as number))
  const beta = [yMean - slopes.reduce((s, b, j) => s + b * (centre[j] as number), 0), ...slopes]
  const x = rows.map((r) => [1, ...drivers.map((d) => r.drivers[d] as number)])
  const mean = yMean
  let ssRes = 0
  let ssTot = 0
  x.forEach((row, t) => {
    const fit = row.reduce((s, v, i) => s + v * (beta[i] as number), 0)
    ssRes += ((y[t] as number) - fit) ** 2
    ssTot += ((y[t] as number) - mean) ** 2
  })
  const r2 = ssTot === 0 ? 0 : 1 - ssRes / ssTot
  if (r2 < minR2) {
    return {
      ok: false,
      reason: `the fit explains only ${(r2 * 100).toFixed(1)} % of the variation (R² ${r2.toFixed(3)} < ${minR2}); keep the configured coefficients`,
    }
  }
  const coefficients = Object.fromEntries(drivers.map((d, i) => [d, beta[i + 1] as number]))
  return { ok: true, value: { base: beta[0] as number, coefficients, r2, n: rows.length } }
}

/** Load predicted by a model for one set of driver values; missing drivers count as 0. */
export function predictLoad(model: { base: number; drivers: Record<string, number> }, drivers: Record<string, number>): number {
  let v = model.base
  for (const [d, c] of Object.entries(model.drivers)) v += c * (drivers[d] ?? 0)
  return v
}
