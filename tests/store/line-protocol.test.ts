import { describe, expect, it } from 'vitest'
import { escapeTag, toLine } from '../../server/store/line-protocol.ts'

describe('toLine()', () => {
  it('writes sorted, escaped tags, the value and ms time when the point has awkward tags', () => {
    const line = toLine('capacity', {
      app: 'ggsn-north',
      metric: 'pdp rate',
      value: 12.5,
      at: new Date(1_700_000_000_000),
      tags: { site: 'a,b=c', node: '', 'x y': `"q'` },
    })
    expect(line).toBe(`capacity,app=ggsn-north,metric=pdp\\ rate,site=a\\,b\\=c,x\\ y="q' value=12.5 1700000000000\n`)
  })

  it('leaves plain names untouched', () => {
    expect(escapeTag('sm2m')).toBe('sm2m')
  })
})
