// A small Nelder–Mead minimiser for the few smoothing parameters of the
// exponential-smoothing candidates (2–4 of them, unconstrained: callers map
// them into their valid ranges). Deterministic: same start, same answer.

export interface MinimiseOptions {
  maxEvaluations?: number
  /** Stop when the simplex's spread of values falls below this. */
  tolerance?: number
  step?: number
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimiseOptions = {},
): number[] {
  const n = start.length
  const maxEval = options.maxEvaluations ?? 200 * n
  const tol = options.tolerance ?? 1e-7
  const step = options.step ?? 0.5
  const simplex: { x: number[]; v: number }[] = [{ x: [...start], v: f(start) }]
  for (let i = 0; i < n; i++) {
    const x = [...start]
    x[i] = (x[i] as number) + step
    simplex.push({ x, v: f(x) })
  }
  let evals = n + 1
  const at = (a: readonly number[], b: readonly number[], t: number): number[] =>
    a.map((ai, i) => ai + t * ((b[i] as number) - ai))
  while (evals < maxEval) {
    simplex.sort((a, b) => a.v - b.v)
    const best = simplex[0] as { x: number[]; v: number }
    const worst = simplex[n] as { x: number[]; v: number }
    if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + tol)) break
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, p) => s + (p.x[i] as number), 0) / n)
    const reflected = at(centroid, worst.x, -1)
    const rv = f(reflected)
    evals++
    if (rv < best.v) {
      const expanded = at(centroid, worst.x, -2)
      const ev = f(expanded)
      evals++
      simplex[n] = ev < rv ? { x: expanded, v: ev } : { x: reflected, v: rv }
    } else if (rv < (simplex[n - 1] as { v: number }).v) {
      simplex[n] = { x: reflected, v: rv }
    } else {
      const contracted = at(centroid, worst.x, rv < worst.v ? -0.5 : 0.5)
      const cv = f(contracted)
      evals++
      if (cv < Math.min(rv, worst.v)) simplex[n] = { x: contracted, v: cv }
      else {
        for (let i = 1; i <= n; i++) {
          const p = simplex[i] as { x: number[]; v: number }
          p.x = at(best.x, p.x, 0.5)
          p.v = f(p.x)
          evals++
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v)
  return (simplex[0] as { x: number[] }).x
}

/** Maps any real number into (lo, hi): lets the minimiser search unconstrained. */
export function squash(x: number, lo: number, hi: number): number {
  return lo + (hi - lo) / (1 + Math.exp(-x))
}
