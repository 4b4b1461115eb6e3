// Order statistics without a full sort: quickselect (Hoare partition around
// a median of three) finds the k-th smallest in linear time on average. The
// engine takes medians and quantiles of thousands of small arrays per pass
// (Theil–Sen's ~4 000 pairwise slopes per series, rolling medians in the
// level-shift screen); sorting them was a third of a cold start's CPU.

/** Rearranges buf[0..n) so that buf[k] is the k-th smallest, smaller ones before it, larger after. */
function selectInPlace(buf: Float64Array, n: number, k: number): void {
  let lo = 0
  let hi = n - 1
  while (hi > lo) {
    const mid = (lo + hi) >>> 1
    // Median of three as the pivot: sorted or reversed input stays linear.
    if ((buf[mid] as number) < (buf[lo] as number)) swap(buf, mid, lo)
    if ((buf[hi] as number) < (buf[lo] as number)) swap(buf, hi, lo)
    if ((buf[hi] as number) < (buf[mid] as number)) swap(buf, hi, mid)
    const pivot = buf[mid] as number
    let i = lo
    let j = hi
    while (i <= j) {
      while ((buf[i] as number) < pivot) i++
      while ((buf[j] as number) > pivot) j--
      if (i <= j) {
        swap(buf, i, j)
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return
  }
}

function swap(buf: Float64Array, a: number, b: number): void {
  const t = buf[a] as number
  buf[a] = buf[b] as number
  buf[b] = t
}

/**
 * The q-quantile of buf[0..n) with linear interpolation between the two
 * neighbouring order statistics (the same value as sorting and
 * interpolating); reorders buf. NaN has no order, so with one present the
 * buffer is sorted as before (NaN last).
 */
export function quantileInPlace(buf: Float64Array, n: number, q: number): number {
  if (n === 0) return Number.NaN
  const pos = (n - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(buf[i])) {
      const sorted = buf.subarray(0, n).sort()
      return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
    }
  }
  selectInPlace(buf, n, lo)
  const low = buf[lo] as number
  if (hi === lo) return low
  // After selecting lo, everything right of it is ≥ it: the next order statistic is their minimum.
  let high = Infinity
  for (let i = lo + 1; i < n; i++) if ((buf[i] as number) < high) high = buf[i] as number
  return low + (high - low) * (pos - lo)
}
