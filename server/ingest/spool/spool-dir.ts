// The spool's directory: segment files named by a growing sequence number
// (seg-0000000000000042.log), a lock file so two processes never replay and
// delete each other's segments, and the fsync policy. Only file operations
// live here; which points are in which segment is segment-queue.ts.
import {
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
  writeSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Point } from '../../store/types.ts'
import { decodeFrames, encodeFrame, scanFrames } from './frames.ts'

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
    const frame = encodeFrame(points)
    let written = 0
    while (written < frame.length) written += writeSync(fd, frame, written, frame.length - written)
    if (this.fsyncIntervalMs === 0) fdatasyncSync(fd)
    else this.dirty.add(fd)
    return frame.length
  }

  /** Background fdatasync of every segment written since the last one (the interval policy). */
  syncDirty(): void {
    if (this.syncing || this.dirty.size === 0) return
    const fds = [...this.dirty]
    this.dirty.clear()
    this.syncing = true
    let left = fds.length
    for (const fd of fds) {
      fdatasync(fd, () => {
        // EBADF: the segment was closed (and synced) meanwhile.
        if (--left === 0) this.syncing = false
      })
    }
  }

  /** Seals a segment: flushed to disk and closed. */
  close(fd: number): void {
    this.dirty.delete(fd)
    try {
      fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
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
