// The live collectors' sink into the write pipeline. A large run (a
// 10 000-metric scrape) is validated and spooled a chunk per turn of the
// event loop: in one go it held the loop ~150 ms. A small run, with nothing
// still queued, goes in at once; runs keep their order either way.
import type { Sample } from '../../collectors/types.ts'
import type { Logger } from '../log.ts'
import { nextTurn } from '../runtime/turns.ts'

/** Samples per turn of the event loop when a collector run is large. */
export const SINK_CHUNK = 1000

export interface ChunkedSink {
  sink(samples: Sample[]): void
  /** Resolves once every sample handed over so far is in the pipeline. */
  drained(): Promise<void>
}

export function createChunkedSink(push: (samples: Sample[]) => void, log: Logger, chunk = SINK_CHUNK): ChunkedSink {
  const queued: Sample[][] = []
  let draining: Promise<void> | null = null
  const drain = async (): Promise<void> => {
    for (let next = queued.shift(); next; next = queued.shift()) {
      try {
        push(next)
      } catch (err) {
        log.error({ err }, 'the write pipeline refused collected samples')
      }
      if (queued.length > 0) await nextTurn()
    }
    draining = null
  }
  return {
    sink(samples) {
      if (!draining && samples.length <= chunk) return push(samples)
      for (let i = 0; i < samples.length; i += chunk) queued.push(samples.slice(i, i + chunk))
      draining ??= drain()
    },
    async drained() {
      while (draining) await draining
    },
  }
}
