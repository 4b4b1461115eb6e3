// The breakpoint (and the warn/critical lines, which are fractions of it) as
// drawn on a metric chart: flat today, stepping up on the day each ordered
// upgrade is expected to land. The steps are the engine's (metric.engine.plan);
// this only turns them into chart points.

export interface LimitStep {
  /** YYYY-MM-DD the capacity counts from. */
  from: string
  breakpoint: number
}

export interface XY {
  x: number
  y: number
}

/** Points of a line at `fraction` × breakpoint from `fromMs` to `toMs`, vertical at each step. */
export function limitLine(base: number, steps: readonly LimitStep[], fromMs: number, toMs: number, fraction = 1): XY[] {
  const out: XY[] = [{ x: fromMs, y: base * fraction }]
  let current = base
  for (const s of steps) {
    const at = Date.parse(`${s.from}T00:00:00Z`)
    if (at > toMs) break
    if (at <= fromMs) {
      current = s.breakpoint
      out[0] = { x: fromMs, y: current * fraction }
      continue
    }
    out.push({ x: at, y: current * fraction }, { x: at, y: s.breakpoint * fraction })
    current = s.breakpoint
  }
  out.push({ x: toMs, y: current * fraction })
  return out
}

/** How far the chart must reach to show the first step (a little past it), or null without steps. */
export function firstStepEnd(steps: readonly LimitStep[], paddingMs: number): number | null {
  const first = steps[0]
  return first ? Date.parse(`${first.from}T00:00:00Z`) + paddingMs : null
}
