// The spool's directory: segment files named by a growing sequence number
// (seg-0000000000000042.log), a lock file so two processes never replay and
// delete each other's segments, and the fsync policy. Only file operations
// live here; which points are in which segment is segment-queue.ts.
import {
  close,
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writevSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Point } from '../../store/types.ts'
import { decodeFrames, encodeFrameParts, scanFrames } from './frames.ts'

const SEGMENT = /^seg-(\d{16})\.log$/
const LOCK = 'spool.lock'

export interface StoredSegment {
  seq: number
  path: string
  bytes: number
}

export class SpoolLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    return err instanceof Error && 'code' in err && err.code === 'EPERM'
  }
}

export class SpoolDir {
  private dirty = new Set<number>()
  /** Sealed segments waiting for the next sync tick to be flushed and closed. */
  private sealed = new Set<number>()
  private syncing = false

  constructor(
    readonly dir: string,
    /** 0 = fdatasync after every append; otherwise at most this long between an append and its fdatasync. */
    private readonly fsyncIntervalMs: number,
  ) {}

  /** Creates the directory and takes its lock; throws SpoolLockedError naming the live process that holds it. */
  lock(): void {
    mkdirSync(this.dir, { recursive: true })
    const path = join(this.dir, LOCK)
    let holder: number | null = null
    try {
      holder = Number(readFileSync(path, 'utf8').trim())
    } catch {
      // no lock file: free
    }
    if (holder !== null && Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new SpoolLockedError(
        `the spool directory ${this.dir} is in use by process ${holder}; each Headroom process needs its own data dir (HEADROOM_DATA_DIR)`,
      )
    }
    writeFileSync(path, String(process.pid))
  }

  unlock(): void {
    rmSync(join(this.dir, LOCK), { force: true })
  }

  /** Segments left by an earlier run, oldest first. */
  list(): StoredSegment[] {
    return readdirSync(this.dir)
      .map((name) => ({ name, m: SEGMENT.exec(name) }))
      .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
      .map(({ name, m }) => {
        const path = join(this.dir, name)
        return { seq: Number(m[1]), path, bytes: statSync(path).size }
      })
      .sort((a, b) => a.seq - b.seq)
  }

  pathOf(seq: number): string {
    return join(this.dir, `seg-${String(seq).padStart(16, '0')}.log`)
  }

  /** Opens a new segment for appending (the file must not exist yet). */
  create(seq: number): number {
    return openSync(this.pathOf(seq), 'wx')
  }

  /**
   * Appends one frame synchronously: when this returns the bytes are in the
   * kernel, so a crash of this process (even SIGKILL) keeps them. fdatasync,
   * which guards against a power cut, follows within fsyncIntervalMs.
   */
  append(fd: number, points: readonly Point[]): number {
    const [header, payload] = encodeFrameParts(points)
    const total = header.length + payload.length
    let written = writevSync(fd, [header, payload])
    // A short write (rare: a full pipe, a signal) continues where it stopped.
    while (written < total) {
      const rest = Buffer.concat([header, payload]).subarray(written)
      written += writevSync(fd, [rest])
    }
    if (this.fsyncIntervalMs === 0) fdatasyncSync(fd)
    else this.dirty.add(fd)
    return total
  }

  /**
   * Background fdatasync of every segment written since the last tick (the
   * interval policy), then closing the sealed ones. A segment the store
   * confirmed before the tick was deleted (and closed) already, so busy ingest
   * does not write every byte to disk twice.
   */
  syncDirty(): void {
    if (this.syncing || (this.dirty.size === 0 && this.sealed.size === 0)) return
    const fds = [...new Set([...this.dirty, ...this.sealed])]
    const toClose = new Set(this.sealed)
    this.dirty.clear()
    this.sealed.clear()
    this.syncing = true
    let left = fds.length
    for (const fd of fds) {
      fdatasync(fd, () => {
        if (toClose.has(fd)) close(fd, () => undefined)
        if (--left === 0) this.syncing = false
      })
    }
  }

  /**
   * Seals a segment: closed once its data is on disk. 'background' syncs and
   * closes off the main thread (a segment rolls every ~1 MiB while ingest is
   * busy: a synchronous flush there stalled everything); 'now' is for
   * shutdown; 'discard' is for a segment about to be deleted (nothing to keep).
   */
  close(fd: number, how: 'background' | 'now' | 'discard'): void {
    this.dirty.delete(fd)
    const pending = this.sealed.delete(fd)
    if (how === 'background') {
      // Every append was synced already, or the next tick syncs and closes it.
      if (this.fsyncIntervalMs === 0) closeSync(fd)
      else this.sealed.add(fd)
      return
    }
    if (how === 'now' || pending) {
      try {
        if (how === 'now') fdatasyncSync(fd)
      } finally {
        closeSync(fd)
      }
      return
    }
    closeSync(fd)
  }

  /** At shutdown: every sealed segment still waiting for its tick is flushed and closed now. */
  flushSealed(): void {
    for (const fd of this.sealed) {
      try {
        fdatasyncSync(fd)
      } catch {
        // closed meanwhile by a tick's callback
      }
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
    }
    this.sealed.clear()
  }

  /** Makes new and removed file names durable too (a directory entry is data of the directory). */
  syncDirectory(): void {
    let fd: number | null = null
    try {
      fd = openSync(this.dir, 'r')
      fsyncSync(fd)
    } catch {
      // Some filesystems refuse fsync on a directory; the file data is synced regardless.
    } finally {
      if (fd !== null) closeSync(fd)
    }
  }

  remove(seq: number): void {
    rmSync(this.pathOf(seq), { force: true })
  }

  /**
   * Checks a segment left by an earlier run: how many points its whole
   * frames hold. A torn or corrupt tail (a crash mid-append) is cut off the
   * file so it is never read again.
   */
  scan(segment: StoredSegment): { count: number; bytes: number; problem: string | null; cutBytes: number } {
    const data = readFileSync(segment.path)
    const scanned = scanFrames(data)
    const cutBytes = data.length - scanned.goodBytes
    if (cutBytes > 0) truncateSync(segment.path, scanned.goodBytes)
    return { count: scanned.count, bytes: scanned.goodBytes, problem: scanned.problem, cutBytes }
  }

  /** Every point of a sealed segment, in append order. */
  async read(seq: number): Promise<Point[]> {
    const data = await readFile(this.pathOf(seq))
    return decodeFrames(data, scanFrames(data).goodBytes)
  }
}
