// What the scheduler hands a plugin, made real enough for plugin tests: a
// recording accumulator, a silent pino logger, a controllable signal and a
// fixed clock. Shared by the prometheus, influxql and http-json suites.
import pino from 'pino'
import type { Accumulator, CollectorContext, Sample } from '../../../../collectors/types.ts'
import type { Estate } from '../../../../server/config/schema.ts'

export interface RecordingAccumulator extends Accumulator {
  samples: Sample[]
  errors: Error[]
}

export function recordingAccumulator(): RecordingAccumulator {
  const samples: Sample[] = []
  const errors: Error[] = []
  return { samples, errors, add: (s) => samples.push(s), addError: (e) => errors.push(e) }
}

const estate: Estate = {
  name: 'plugin test estate',
  defaults: { warn: 0.7, critical: 0.85, evidenceMaxAgeDays: 365 },
  applications: [
    {
      id: 'sm2m',
      name: 'SM2M',
      metrics: [
        {
          id: 'active-sessions',
          name: 'Active sessions',
          kind: 'concurrency',
          unit: 'sessions',
          limits: [{ name: 'vendor', value: 1000, evidence: { source: 'vendor', date: '2025-01-01' } }],
          leadTimeDays: 30,
          upgrades: [],
        },
      ],
    },
  ],
  chains: [],
  drivers: [],
}

export function testContext(options: { now?: Date; signal?: AbortSignal } = {}): CollectorContext {
  const now = options.now ?? new Date('2025-06-30T12:00:00Z')
  return {
    id: 'plugin-test',
    log: pino({ level: 'silent' }),
    signal: options.signal ?? new AbortController().signal,
    now: () => now,
    estate,
  }
}

/** Every error message joined, for `toContain` assertions that show all of them on failure. */
export function messages(acc: RecordingAccumulator): string[] {
  return acc.errors.map((e) => e.message)
}
