// The write pipeline's queue: accepted points in segments, oldest first.
// With a spool directory every segment is also a file, written before the
// push returns and deleted only when the store has confirmed every point in
// it; a restart finds the files and sends them again, in order. Memory is
// bounded separately from disk: past `maxInMemory` the points of sealed
// segments are let go and read back from their file when their turn comes.
// Disk is bounded by `maxBytes`: past it the oldest segment is dropped,
// counted and reported (never silently). Without a directory (or while the
// disk refuses writes) segments live in memory only and the oldest points
// are dropped past `maxInMemory`, as before the spool existed.
import type { Point } from '../../store/types.ts'
import type { SpoolDir } from './spool-dir.ts'

export interface SpoolDrop {
  points: number
  bytes: number
  /** Segment file name (or "memory"). */
  segment: string
  reason: string
}

export interface SegmentQueueOptions {
  disk: SpoolDir | null
  maxBytes: number
  segmentBytes: number
  maxInMemory: number
  /** A whole segment was dropped because the spool was full. */
  onSpoolDrop: (drop: SpoolDrop) => void
  /** Memory-only points dropped to stay under maxInMemory. */
  onMemoryDrop: (count: number, why: string) => void
  /** The disk refused a write or a read; the points stay in memory meanwhile. */
  onDiskError: (message: string) => void
}

interface Segment {
  seq: number
  onDisk: boolean
  /** Open for appending: only the tail segment. */
  fd: number | null
  bytes: number
  total: number
  /** Points handed to batches (a prefix of the segment). */
  taken: number
  /** Points whose batch finished (written or refused by the store). */
  settled: number
  /** In memory, or null when only the file has them. */
  points: Point[] | null
  loading: boolean
  dropped: boolean
}

export interface BatchPart {
  segment: Segment
  count: number
}

export interface Batch {
  points: Point[]
  parts: BatchPart[]
}

export interface QueueStats {
  /** Accepted points not yet confirmed by the store (queued or in flight). */
  pending: number
  /** Points not yet handed to a batch. */
  queued: number
  /** Bytes of segment files on disk. */
  bytes: number
  segments: number
  /** Points of segments that were on disk when the process started. */
  replayed: number
}

const DISK_RETRY_MS = 10_000

export class SegmentQueue {
  private segments: Segment[] = []
  private nextSeq = 1
  private queued = 0
  private pendingCount = 0
  private inMemory = 0
  private diskBytes = 0
  private replayed = 0
  private diskFailedAt: number | null = null

  constructor(private readonly opts: SegmentQueueOptions) {}

  /** Takes the lock and lines up segments an earlier run left, oldest first; returns problems found in them. */
  open(): string[] {
    const disk = this.opts.disk
    if (!disk) return []
    disk.lock()
    const problems: string[] = []
    for (const stored of disk.list()) {
      this.nextSeq = Math.max(this.nextSeq, stored.seq + 1)
      const scanned = disk.scan(stored)
      if (scanned.problem) {
        problems.push(
          `${stored.path}: ${scanned.problem}; cut ${scanned.cutBytes} bytes at byte ${scanned.bytes} (a write torn by a crash), ${scanned.count} points kept`,
        )
      }
      if (scanned.count === 0) {
        disk.remove(stored.seq)
        continue
      }
      this.segments.push({
        seq: stored.seq,
        onDisk: true,
        fd: null,
        bytes: scanned.bytes,
        total: scanned.count,
        taken: 0,
        settled: 0,
        points: null,
        loading: false,
        dropped: false,
      })
      this.queued += scanned.count
      this.pendingCount += scanned.count
      this.diskBytes += scanned.bytes
      this.replayed += scanned.count
    }
    this.enforceDiskBound()
    return problems
  }

  get length(): number {
    return this.queued
  }

  get pending(): number {
    return this.pendingCount
  }

  append(points: readonly Point[]): void {
    if (points.length === 0) return
    const tail = this.writableTail()
    if (tail.onDisk && tail.fd !== null) {
      try {
        const bytes = this.opts.disk?.append(tail.fd, points) ?? 0
        tail.bytes += bytes
        this.diskBytes += bytes
      } catch (err) {
        this.diskFailed(`cannot append to the spool (${errorText(err)}); keeping points in memory meanwhile`)
        return this.append(points)
      }
    }
    const own = tail.points ?? (tail.points = [])
    for (const p of points) own.push(p)
    tail.total += points.length
    this.queued += points.length
    this.pendingCount += points.length
    this.inMemory += points.length
    this.enforceDiskBound()
    this.enforceMemoryBound()
  }

  /** Can take() hand out points now, without reading a file first? */
  headReady(): boolean {
    const head = this.firstQueued()
    return head !== null && head.points !== null
  }

  /** Reads the head segment's points back from its file; resolves when take() can continue. */
  async loadHead(): Promise<void> {
    const head = this.firstQueued()
    const disk = this.opts.disk
    if (!head || head.points !== null || head.loading || !disk) return
    head.loading = true
    try {
      const points = await disk.read(head.seq)
      if (head.dropped) return
      head.points = points
      // Only the untaken part counts against memory.
      this.inMemory += head.total - head.taken
    } catch (err) {
      // An unreadable segment cannot be sent; dropping it (counted, reported) keeps the rest flowing.
      this.opts.onDiskError(`cannot read spool segment ${disk.pathOf(head.seq)} (${errorText(err)})`)
      this.drop(head, `segment unreadable: ${errorText(err)}`)
    } finally {
      head.loading = false
    }
  }

  /** Up to `n` points from the front, possibly spanning segments; stops at a segment not in memory. */
  take(n: number): Batch {
    const batch: Batch = { points: [], parts: [] }
    for (const seg of this.segments) {
      if (batch.points.length >= n) break
      const left = seg.total - seg.taken
      if (left === 0) continue
      if (seg.points === null) break
      const count = Math.min(left, n - batch.points.length)
      for (let i = seg.taken; i < seg.taken + count; i++) batch.points.push(seg.points[i] as Point)
      seg.taken += count
      this.queued -= count
      this.inMemory -= count
      batch.parts.push({ segment: seg, count })
      // Fully handed out and no longer appended to: the batches hold their own references.
      if (seg.taken === seg.total && seg !== this.tail()) seg.points = null
    }
    return batch
  }

  /** The store confirmed (or refused) these points: a segment whose every point is settled is deleted. */
  settle(batch: Batch): void {
    for (const part of batch.parts) {
      const seg = part.segment
      if (seg.dropped) continue
      seg.settled += part.count
      this.pendingCount -= part.count
      if (seg.settled === seg.total) this.retire(seg)
    }
  }

  stats(): QueueStats {
    return {
      pending: this.pendingCount,
      queued: this.queued,
      bytes: this.diskBytes,
      segments: this.segments.filter((s) => s.onDisk).length,
      replayed: this.replayed,
    }
  }

  /**
   * At shutdown: seals the open segment (synced) and releases the lock.
   * Returns the points that will be lost: unsettled points that are in
   * memory only. Unsettled points on disk are sent at the next start.
   */
  close(): { spooled: number; lost: number } {
    let spooled = 0
    let lost = 0
    for (const seg of this.segments) {
      const open = seg.total - seg.settled
      if (seg.onDisk) spooled += open
      else lost += open
      if (!seg.onDisk) this.pendingCount -= open
      if (seg.fd !== null) this.closeFile(seg, 'now')
    }
    this.opts.disk?.flushSealed()
    this.opts.disk?.syncDirectory()
    this.opts.disk?.unlock()
    return { spooled, lost }
  }

  /** fsync policy "interval": called by the pipeline's timer. */
  sync(): void {
    this.opts.disk?.syncDirty()
  }

  private tail(): Segment | undefined {
    return this.segments.at(-1)
  }

  private firstQueued(): Segment | null {
    for (const seg of this.segments) if (seg.total > seg.taken) return seg
    return null
  }

  /** The segment to append to: the tail when it is the right kind and has room, else a new one. */
  private writableTail(): Segment {
    const useDisk = this.opts.disk !== null && (this.diskFailedAt === null || Date.now() - this.diskFailedAt > DISK_RETRY_MS)
    const tail = this.tail()
    if (tail && tail.onDisk === useDisk && (!useDisk || (tail.fd !== null && tail.bytes < this.opts.segmentBytes))) {
      return tail
    }
    if (tail?.fd != null) this.closeFile(tail, 'background')
    const seg: Segment = {
      seq: this.nextSeq++,
      onDisk: false,
      fd: null,
      bytes: 0,
      total: 0,
      taken: 0,
      settled: 0,
      points: [],
      loading: false,
      dropped: false,
    }
    if (useDisk && this.opts.disk) {
      try {
        seg.fd = this.opts.disk.create(seg.seq)
        seg.onDisk = true
        this.diskFailedAt = null
      } catch (err) {
        this.diskFailed(`cannot create a spool segment (${errorText(err)}); keeping points in memory meanwhile`)
      }
    }
    this.segments.push(seg)
    return seg
  }

  private diskFailed(message: string): void {
    this.diskFailedAt = Date.now()
    this.opts.onDiskError(message)
  }

  private closeFile(seg: Segment, how: 'background' | 'now' | 'discard'): void {
    const fd = seg.fd
    seg.fd = null
    if (fd === null) return
    try {
      this.opts.disk?.close(fd, how)
    } catch (err) {
      this.opts.onDiskError(`cannot close spool segment ${seg.seq} (${errorText(err)})`)
    }
  }

  /** Every point settled: the file goes, and the next append opens a fresh segment. */
  private retire(seg: Segment): void {
    if (seg.fd !== null) this.closeFile(seg, 'discard')
    if (seg.onDisk) {
      this.opts.disk?.remove(seg.seq)
      this.diskBytes -= seg.bytes
    }
    this.segments.splice(this.segments.indexOf(seg), 1)
  }

  private drop(seg: Segment, reason: string): void {
    const lost = seg.total - seg.taken
    if (seg.points !== null) this.inMemory -= lost
    this.queued -= lost
    // Points already in flight still settle normally; only what was never sent is lost.
    this.pendingCount -= seg.total - seg.settled
    seg.dropped = true
    seg.points = null
    if (seg.fd !== null) this.closeFile(seg, 'discard')
    if (seg.onDisk) {
      this.opts.disk?.remove(seg.seq)
      this.diskBytes -= seg.bytes
    }
    this.segments.splice(this.segments.indexOf(seg), 1)
    this.opts.onSpoolDrop({
      points: lost,
      bytes: seg.bytes,
      segment: seg.onDisk && this.opts.disk ? this.opts.disk.pathOf(seg.seq) : 'memory',
      reason,
    })
  }

  private enforceDiskBound(): void {
    while (this.diskBytes > this.opts.maxBytes) {
      const oldest = this.segments.find((s) => s.onDisk && s !== this.tail())
      if (!oldest) break
      this.drop(
        oldest,
        `spool full: ${this.diskBytes} bytes on disk is more than the ${this.opts.maxBytes}-byte limit (store down or slower than the collectors)`,
      )
    }
  }

  /** Queued points held in memory plus points in flight (batches hold theirs until the store answers). */
  private memoryUse(): number {
    return this.inMemory + (this.pendingCount - this.queued)
  }

  private enforceMemoryBound(): void {
    if (this.memoryUse() <= this.opts.maxInMemory) return
    // Newest sealed segments first: they are needed last, and their files hold them.
    for (let i = this.segments.length - 2; i >= 0 && this.memoryUse() > this.opts.maxInMemory; i--) {
      const seg = this.segments[i] as Segment
      if (!seg.onDisk || seg.points === null || seg.loading) continue
      this.inMemory -= seg.total - seg.taken
      seg.points = null
    }
    // Points that exist nowhere else: past the bound the OLDEST go, since the
    // newest values are what the live view and alerts need.
    let over = this.memoryUse() - this.opts.maxInMemory
    for (const seg of [...this.segments]) {
      if (over <= 0) break
      if (seg.onDisk || seg.points === null) continue
      const n = Math.min(over, seg.total - seg.taken)
      if (n === 0) continue
      seg.taken += n
      seg.settled += n
      this.queued -= n
      this.inMemory -= n
      this.pendingCount -= n
      over -= n
      this.opts.onMemoryDrop(
        n,
        `more than ${this.opts.maxInMemory} points buffered (store failing or slower than the collectors)`,
      )
      if (seg.settled === seg.total && seg !== this.tail()) this.retire(seg)
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
