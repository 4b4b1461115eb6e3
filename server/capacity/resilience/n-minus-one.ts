// Headroom with the largest unit lost (N-1): when one of several sites or
// nodes fails, the survivors must carry the whole load. The unit whose loss
// hurts most is the one with the most capacity, so that is the one removed.
//   capacity left = Σ capacity − largest capacity
//   headroom      = capacity left − load
// Two GGSN sites of 3.5M and 3.0M PDP contexts carrying 3.8M: North is lost,
// 3.0M is left and the headroom is −0.8M (−27 % of what is left).

export interface CapacityUnit {
  name: string
  capacity: number
}

export interface N1Headroom {
  /** The unit removed: the largest (the first of equals, in config order). */
  lost: string
  lostCapacity: number
  /** Capacity left after the loss. */
  capacity: number
  load: number | null
  /** capacity − load; negative when the survivors cannot carry the load. */
  headroom: number | null
  /** headroom / capacity. */
  headroomFraction: number | null
  /** load / capacity. */
  utilisation: number | null
}

/** Index of the unit with the most capacity; the first of equals. */
export function largestUnit(units: readonly CapacityUnit[]): number {
  if (units.length < 2) throw new Error(`N-1 needs at least two units; got ${units.length}`)
  let best = 0
  units.forEach((u, i) => {
    if (u.capacity > (units[best] as CapacityUnit).capacity) best = i
  })
  return best
}

export function headroomWithLargestLost(units: readonly CapacityUnit[], load: number | null): N1Headroom {
  const i = largestUnit(units)
  const lost = units[i] as CapacityUnit
  const total = units.reduce((s, u) => s + u.capacity, 0)
  const capacity = total - lost.capacity
  const headroom = load === null ? null : capacity - load
  return {
    lost: lost.name,
    lostCapacity: lost.capacity,
    capacity,
    load,
    headroom,
    headroomFraction: headroom === null || capacity <= 0 ? null : headroom / capacity,
    utilisation: load === null || capacity <= 0 ? null : load / capacity,
  }
}

/** Capacity left with the largest unit lost, for capacities that change over time. */
export function capacityLeft(capacities: readonly number[]): number {
  if (capacities.length < 2) throw new Error(`N-1 needs at least two units; got ${capacities.length}`)
  return capacities.reduce((s, c) => s + c, 0) - Math.max(...capacities)
}
