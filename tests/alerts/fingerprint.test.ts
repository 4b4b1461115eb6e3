// An alert's id is its fingerprint, and acknowledgements, silences and the
// saved alert state refer to it: it must stay the same across versions.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fingerprint } from '../../server/alerts/evaluation/fingerprint.ts'

const labels = (i: number) => ({
  app: `app-${i}`,
  metric: `m${i % 13}`,
  severity: i % 2 ? 'critical' : 'warning',
  kind: 'tps',
  z: '',
  'é✓': `${i}\u0001x`,
})

describe('fingerprint', () => {
  it('gives the ids earlier versions gave (pinned from the previous implementation)', () => {
    expect(fingerprint('rule0', labels(0))).toBe('ce06d0843470d386')
    expect(fingerprint('rule1', labels(1))).toBe('68a62253aae32923')
    expect(fingerprint('rule2', labels(2))).toBe('2134c08c15c175a4')
  })

  it('does not depend on label order, and tells keys from values', () => {
    expect(fingerprint('r', { b: '2', a: '1' })).toBe(fingerprint('r', { a: '1', b: '2' }))
    expect(fingerprint('r', { a: 'bc' })).not.toBe(fingerprint('r', { ab: 'c' }))
    expect(fingerprint('r', { a: '1' })).not.toBe(fingerprint('s', { a: '1' }))
    expect(fingerprint('r', { a: '1' })).toMatch(/^[0-9a-f]{16}$/)
  })

  it('gives the same id for any order of the same labels', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string(), { maxKeys: 12 }), fc.integer(), (labels, seed) => {
        const keys = Object.keys(labels)
        const shuffled = keys.map((k, i) => [k, (i * 7919 + seed) % 1009] as const).sort((x, y) => x[1] - y[1])
        const reordered = Object.fromEntries(shuffled.map(([k]) => [k, labels[k] as string]))
        expect(fingerprint('rule', reordered)).toBe(fingerprint('rule', labels))
      }),
    )
  })
})
