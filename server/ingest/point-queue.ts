// FIFO of points with O(1) amortised push, take-from-front and drop-oldest.
// A plain array with shift()/splice(0, n) would copy up to 200k entries on
// every batch during an outage.
import type { Point } from '../store/types.ts'

export class PointQueue {
  private items: Point[] = []
  private head = 0

  get length(): number {
    return this.items.length - this.head
  }

  push(point: Point): void {
    this.items.push(point)
  }

  /** Removes and returns up to `n` points from the front. */
  take(n: number): Point[] {
    const out = this.items.slice(this.head, this.head + n)
    this.head += out.length
    this.compact()
    return out
  }

  /** Removes up to `n` points from the front and returns how many went. */
  dropOldest(n: number): number {
    const dropped = Math.min(n, this.length)
    this.head += dropped
    this.compact()
    return dropped
  }

  clear(): number {
    const n = this.length
    this.items = []
    this.head = 0
    return n
  }

  private compact(): void {
    // Reclaim the consumed prefix once it is most of the array, keeping each copy amortised O(1) per point.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
  }
}
