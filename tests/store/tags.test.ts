import { describe, expect, it } from 'vitest'
import { decodeTags, encodeTags, tagsMatch } from '../../server/store/tags.ts'

describe('encodeTags()', () => {
  it.each([
    [undefined, ''],
    [{}, ''],
    [{ site: 'north', node: 'a' }, 'node=a,site=north'],
    [{ site: '' }, ''],
    [{ 'k,1': 'v=1', 'back\\slash': 'x' }, 'back\\\\slash=x,k\\,1=v\\=1'],
  ])('encodes %j as %j', (tags, expected) => {
    expect(encodeTags(tags)).toBe(expected)
  })

  it('round-trips through decodeTags() when keys and values hold separators and quotes', () => {
    const tags = { 'a,b': 'it\'s="odd"', 'c\\': ',', d: 'plain' }
    expect(decodeTags(encodeTags(tags))).toEqual(tags)
  })
})

describe('decodeTags()', () => {
  it('throws naming the string when an element has no "="', () => {
    expect(() => decodeTags('site')).toThrow('malformed tag string "site"')
  })
})

describe('tagsMatch()', () => {
  it('is true only when every filter tag is present with the same value', () => {
    expect(tagsMatch({ site: 'north', node: 'a' }, { site: 'north' })).toBe(true)
    expect(tagsMatch({ site: 'north' }, { site: 'north', node: 'a' })).toBe(false)
    expect(tagsMatch({ site: 'south' }, { site: 'north' })).toBe(false)
  })
})
