// Every sample is checked before it is buffered, so a bad collector cannot put
// NaN into a chart or grow the store with typo'd series; the message names the
// series so the log says which collector output is wrong.
import type { Sample } from '../../collectors/types.ts'
import type { RejectReason } from './types.ts'

/** Tag keys the stores use themselves (InfluxDB schema tags and its time column). */
const RESERVED_TAG_KEYS = new Set(['app', 'metric', 'time'])
/** InfluxDB line protocol cannot carry a backslash or control character faithfully in a name. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\\\u0000-\u001f\u007f]/

// Names repeat on every sample; remembering the ones already checked keeps the
// per-sample cost of the character check near zero. Bounded, since names come
// from outside.
const storableNames = new Set<string>()

function storable(name: string): boolean {
  if (storableNames.has(name)) return true
  if (UNSTORABLE.test(name)) return false
  if (storableNames.size >= 10_000) storableNames.clear()
  storableNames.add(name)
  return true
}

export interface Rejection {
  reason: RejectReason
  message: string
}

function seriesName(s: Sample): string {
  return `${String(s.app)}/${String(s.metric)}`
}

/** null when the sample may be stored; otherwise why not. */
export function validateSample(s: Sample, isKnown: (app: string, metric: string) => boolean): Rejection | null {
  if (typeof s.app !== 'string' || s.app === '' || typeof s.metric !== 'string' || s.metric === '') {
    return { reason: 'bad-name', message: `sample has an empty or non-text app/metric name (${seriesName(s)})` }
  }
  if (!storable(s.app) || !storable(s.metric)) {
    return { reason: 'bad-name', message: `name ${JSON.stringify(seriesName(s))} holds a backslash or control character` }
  }
  if (typeof s.value !== 'number' || !Number.isFinite(s.value)) {
    return { reason: 'not-finite', message: `value ${String(s.value)} of ${seriesName(s)} is not a finite number` }
  }
  if (!(s.at instanceof Date) || Number.isNaN(s.at.getTime())) {
    return { reason: 'invalid-date', message: `time ${String(s.at)} of ${seriesName(s)} is not a valid date` }
  }
  if (s.tags !== undefined) {
    for (const [key, value] of Object.entries(s.tags)) {
      if (key === '' || RESERVED_TAG_KEYS.has(key) || typeof value !== 'string') {
        return {
          reason: 'bad-tags',
          message: `tag ${JSON.stringify(key)} of ${seriesName(s)} is ${
            typeof value !== 'string' ? 'not text' : 'empty or reserved (app, metric, time)'
          }`,
        }
      }
      if (!storable(key) || !storable(value)) {
        return {
          reason: 'bad-tags',
          message: `tag ${JSON.stringify(key)} of ${seriesName(s)} holds a backslash or control character`,
        }
      }
    }
  }
  if (!isKnown(s.app, s.metric)) {
    return { reason: 'unknown-metric', message: `unknown metric ${seriesName(s)}` }
  }
  return null
}
