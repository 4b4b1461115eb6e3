import { describe, expect, it } from 'vitest'
import { parseShard, selectShard, shardOf } from '../../collectors/shard.ts'
import { validateCollectorEntries } from '../../collectors/validate-entries.ts'
import { entry } from './support.ts'

describe('validateCollectorEntries', () => {
  it('validateCollectorEntries() returns nothing when every entry is a known type with a good config', () => {
    expect(validateCollectorEntries([entry('sim', 'simulator', { config: { seed: 7 } })])).toEqual([])
  })

  it('validateCollectorEntries() gives each problem a path from the file root', () => {
    const issues = validateCollectorEntries([
      entry('sim', 'simulator', { config: { seed: 1.5, backfillStepMinutes: 0 } }),
      entry('sim', 'simulator', { schedule: 'every 5 seconds' }),
      entry('web', 'no-such-plugin'),
    ])
    expect(issues.map((i) => i.path)).toEqual([
      ['collectors', 0, 'config', 'seed'],
      ['collectors', 0, 'config', 'backfillStepMinutes'],
      ['collectors', 1, 'id'],
      ['collectors', 1, 'schedule'],
      ['collectors', 2, 'type'],
    ])
    expect(issues[2]?.message).toBe('duplicate collector id "sim" (first at collectors[0])')
    expect(issues[4]?.message).toMatch(/^unknown collector type "no-such-plugin"; known types: .*simulator/)
  })
})

describe('shardOf', () => {
  it('shardOf() gives the same shard for the same id and spreads ids over every shard', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `collector-${i}`)
    expect(ids.map((id) => shardOf(id, 4))).toEqual(ids.map((id) => shardOf(id, 4)))
    const used = new Set(ids.map((id) => shardOf(id, 4)))
    expect([...used].sort()).toEqual([0, 1, 2, 3])
  })

  it('selectShard() partitions the entries: every id in exactly one shard', () => {
    const ids = Array.from({ length: 25 }, (_, i) => ({ id: `c${i}` }))
    const shards = [0, 1, 2].map((i) => selectShard(ids, i, 3).map((e) => e.id))
    expect(shards.flat().sort()).toEqual(ids.map((e) => e.id).sort())
  })

  it('parseShard() names the flag when the text is not i/n', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 })
    expect(() => parseShard('3/3')).toThrow('--shard expects "i/n" with 0 <= i < n (e.g. "0/2"), got "3/3"')
    expect(() => shardOf('x', 0)).toThrow('shard count must be a positive integer, got 0')
  })
})
