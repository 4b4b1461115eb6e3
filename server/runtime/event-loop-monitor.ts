// How long the event loop was held, from node's own sampler
// (perf_hooks.monitorEventLoopDelay): the worst delay in each second for the
// last minute and since start, for /api/health and the scale bench. The
// target is that nothing (engine passes, pushes, store reads) holds it more
// than 50 ms.
import { monitorEventLoopDelay } from 'node:perf_hooks'

export interface EventLoopStats {
  /** Worst delay in the last 60 s, in ms. */
  maxMs60s: number
  /** 99th percentile of the per-second worst delays over the last 60 s. */
  p99Ms60s: number
  maxMsSinceStart: number
}

export interface EventLoopMonitor {
  stats(): EventLoopStats
  stop(): void
}

export function startEventLoopMonitor(): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: 5 })
  histogram.enable()
  const seconds: number[] = []
  let sinceStart = 0
  const timer = setInterval(() => {
    // The histogram counts the delay beyond its own 5 ms sampling interval.
    const worst = Math.max(0, histogram.max / 1e6 - 5)
    histogram.reset()
    seconds.push(worst)
    if (seconds.length > 60) seconds.shift()
    sinceStart = Math.max(sinceStart, worst)
  }, 1000)
  timer.unref()
  return {
    stats() {
      const sorted = [...seconds].sort((a, b) => a - b)
      const round = (n: number): number => Math.round(n * 10) / 10
      return {
        maxMs60s: round(sorted.at(-1) ?? 0),
        p99Ms60s: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0),
        maxMsSinceStart: round(sinceStart),
      }
    },
    stop() {
      clearInterval(timer)
      histogram.disable()
    },
  }
}
