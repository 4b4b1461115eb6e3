// Small real plugins for scheduler tests: they exercise the scheduler's own
// logic (timeouts, overlap, backoff) without any network peer.
import { pino } from 'pino'
import { collectorEntrySchema, estateSchema, type CollectorEntry, type Estate } from '../../server/config/schema.ts'
import type { CollectorPlugin } from '../../collectors/types.ts'

export const silentLog = pino({ level: 'silent' })

export const tinyEstate: Estate = estateSchema.parse({
  name: 'test',
  applications: [
    {
      id: 'app',
      name: 'App',
      metrics: [
        {
          id: 'tps',
          name: 'TPS',
          kind: 'throughput',
          unit: 'TPS',
          limits: [{ name: 'l', value: 100, evidence: { source: 'vendor', date: '2026-01-01' } }],
          leadTimeDays: 10,
          model: { base: 1, drivers: { installs: 0.1 } },
        },
      ],
    },
  ],
  drivers: [{ id: 'installs', name: 'Installs', unit: 'installs/h' }],
})

export function entry(id: string, type: string, more: Record<string, unknown> = {}): CollectorEntry {
  return collectorEntrySchema.parse({ id, type, schedule: '* * * * * *', timeout: '10s', ...more })
}

/** A plugin whose collect() is the given function; counts its calls. */
export function testPlugin(
  type: string,
  collect: CollectorPlugin['collect'],
): CollectorPlugin & { calls: number; signals: AbortSignal[] } {
  const plugin = {
    type,
    calls: 0,
    signals: [] as AbortSignal[],
    parseConfig: (raw: unknown) => ({ ok: true as const, value: raw }),
    async collect(...args: Parameters<CollectorPlugin['collect']>) {
      plugin.calls += 1
      plugin.signals.push(args[2].signal)
      return collect(...args)
    },
  }
  return plugin
}

export const sampleAt = (at: Date) => ({ app: 'app', metric: 'tps', value: 1, at })

/** Never settles and ignores its abort signal: the worst plugin there is. */
export const hang = (): Promise<void> => new Promise<void>(() => undefined)

/** Waits `ms` (fake-timer aware), rejecting early if the signal aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(new Error('aborted'))
    })
  })
}
