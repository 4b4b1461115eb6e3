// extractField() is pure: the mapping rules as a table, no server needed.
import { describe, expect, it } from 'vitest'
import type { HttpJsonField } from '../../../../collectors/plugins/http-json/config.ts'
import { extractField } from '../../../../collectors/plugins/http-json/extract.ts'

const now = new Date('2025-06-30T12:00:00Z')
const base: HttpJsonField = { value: '$.v', app: 'sm2m', metric: 'm', type: 'gauge' }

const cases: { scenario: string; doc: unknown; field: Partial<HttpJsonField>; value?: number; at?: Date; problem?: string }[] = [
  { scenario: 'the value is a number', doc: { v: 12.5 }, field: {}, value: 12.5 },
  { scenario: 'the value is numeric text', doc: { v: '37' }, field: {}, value: 37 },
  { scenario: 'the value is a boolean', doc: { v: true }, field: {}, value: 1 },
  { scenario: 'valueMap maps health text', doc: { v: 'DOWN' }, field: { valueMap: { UP: 1, DOWN: 0 } }, value: 0 },
  {
    scenario: 'text is not in valueMap',
    doc: { v: 'UNKNOWN' },
    field: { valueMap: { UP: 1 } },
    problem: 'metric m: $.v: is the text "UNKNOWN", not a number (and not a key of valueMap)',
  },
  {
    scenario: 'text has no valueMap',
    doc: { v: 'UP' },
    field: {},
    problem: 'metric m: $.v: is the text "UP", not a number (add a valueMap to map text to numbers)',
  },
  { scenario: 'the value is null', doc: { v: null }, field: {}, problem: 'metric m: $.v: is null' },
  { scenario: 'the value is missing', doc: { w: 1 }, field: {}, problem: 'metric m: $.v: no match in the response' },
  {
    scenario: 'the path matches several values',
    doc: { v: [1, 2] },
    field: { value: '$.v[*]' },
    problem: 'metric m: $.v[*]: matched 2 values; use "each" to emit one sample per item',
  },
  {
    scenario: 'time is epoch seconds',
    doc: { v: 1, t: 1751284800 },
    field: { time: '$.t' },
    value: 1,
    at: new Date('2025-06-30T12:00:00Z'),
  },
  {
    scenario: 'time is epoch milliseconds',
    doc: { v: 1, t: 1751284800123 },
    field: { time: '$.t' },
    value: 1,
    at: new Date('2025-06-30T12:00:00.123Z'),
  },
  {
    scenario: 'time is ISO text',
    doc: { v: 1, t: '2025-06-30T11:59:30Z' },
    field: { time: '$.t' },
    value: 1,
    at: new Date('2025-06-30T11:59:30Z'),
  },
  {
    scenario: 'time is not a time',
    doc: { v: 1, t: 'yesterday' },
    field: { time: '$.t' },
    problem: 'metric m: $.t: not a time (expected ISO text or epoch seconds/ms)',
  },
]

describe('extractField()', () => {
  it.each(cases)('yields $value / "$problem" when $scenario', ({ doc, field, value, at, problem }) => {
    const { samples, problems } = extractField(doc, { ...base, ...field }, now)
    if (problem !== undefined) {
      expect(problems).toEqual([problem])
      expect(samples).toEqual([])
    } else {
      expect(problems).toEqual([])
      expect(samples).toEqual([{ app: 'sm2m', metric: 'm', value, at: at ?? now }])
    }
  })

  it('takes the application and tags from each item when appPath and tagPaths are set', () => {
    const doc = {
      nodes: [
        { app: 'dmm', name: 'n1', load: 3 },
        { name: 'n2', load: 4 },
      ],
    }
    const field: HttpJsonField = {
      each: '$.nodes[*]',
      value: '$.load',
      appPath: '$.app',
      metric: 'load',
      tags: { site: 'north' },
      tagPaths: { node: '$.name' },
      type: 'gauge',
    }
    const { samples, problems } = extractField(doc, field, now)
    expect(samples).toEqual([{ app: 'dmm', metric: 'load', value: 3, at: now, tags: { site: 'north', node: 'n1' } }])
    expect(problems).toEqual(['metric load: $.nodes[*][1] $.app: no application id in the response'])
  })
})
