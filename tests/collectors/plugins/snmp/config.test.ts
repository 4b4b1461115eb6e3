import { describe, expect, it } from 'vitest'
import { parseSnmpConfig } from '../../../../collectors/plugins/snmp/config.ts'

const target = { host: '127.0.0.1', communityEnv: 'SNMP_COMMUNITY' }
const metric = { app: 'ggsn', metric: 'octets-in', oid: '1.3.6.1.2.1.31.1.1.1.6', walk: true }

function issues(raw: unknown): string[] {
  const result = parseSnmpConfig(raw)
  return result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('parseSnmpConfig()', () => {
  it('fills defaults when a minimal v2c config is given', () => {
    const result = parseSnmpConfig({ targets: [target], metrics: [metric] })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.targets[0]).toMatchObject({ port: 161, version: '2c', timeout: '3s', retries: 1, tags: {} })
    expect(result.value.metrics[0]).toMatchObject({ type: 'auto', aggregate: 'none' })
  })

  it('strips a leading dot from OIDs so walked row indexes line up', () => {
    const result = parseSnmpConfig({ targets: [target], metrics: [{ ...metric, oid: '.1.3.6.1.2.1.2.2.1.10' }] })
    expect(result.ok && result.value.metrics[0]?.oid).toBe('1.3.6.1.2.1.2.2.1.10')
  })

  it('returns every problem with its path when several things are wrong at once', () => {
    expect(
      issues({
        targets: [
          { host: '127.0.0.1', community: 'public' },
          { host: 'gw', version: '3' },
        ],
        metrics: [{ app: 'GGSN', metric: 'x', oid: 'IF-MIB::ifHCInOctets', aggregate: 'sum', unit: 'bytes' }],
      }),
    ).toEqual([
      'targets.0: unknown key "community"',
      'targets.0.communityEnv: set exactly one of communityEnv or communityFile (community strings never go in the YAML)',
      'targets.1.user: version "3" needs a user',
      'targets.1.authKeyEnv: set exactly one of authKeyEnv or authKeyFile (keys never go in the YAML)',
      'targets.1.privKeyEnv: set exactly one of privKeyEnv or privKeyFile (keys never go in the YAML)',
      `metrics.0.app: expected a lower-case id like "ggsn" (letters, digits, dashes), got the string 'GGSN'`,
      `metrics.0.oid: expected a numeric OID like "1.3.6.1.2.1.31.1.1.1.6" (MIB names are not resolved), got the string 'IF-MIB::ifHCInOctets'`,
      'metrics.0.as: set both unit and as, or neither',
      'metrics.0.aggregate: aggregate needs walk: true',
    ])
  })

  it('reports an unknown unit at the mapping path when as is not a unit', () => {
    expect(issues({ targets: [target], metrics: [{ ...metric, unit: 'bytes', as: 'Mbits-ish' }] })).toEqual([
      expect.stringMatching(/^metrics\.0\.as: unknown unit 'Mbits-ish'/),
    ])
  })

  it('reports a rate unit on a gauge mapping when the mapping converts a gauge to a rate', () => {
    expect(issues({ targets: [target], metrics: [{ ...metric, type: 'gauge', unit: 'bytes', as: 'Mbit/s' }] })).toEqual([
      "metrics.0.as: cannot convert 'bytes' (data) to 'Mbit/s' (data per time)",
    ])
  })

  it('rejects walk-only options when walk is false', () => {
    expect(issues({ targets: [target], metrics: [{ ...metric, walk: false, include: '^eth', aggregate: 'max' }] })).toEqual([
      'metrics.0.include: include needs walk: true',
      'metrics.0.aggregate: aggregate needs walk: true',
    ])
  })

  it('rejects a bad regular expression in include', () => {
    expect(issues({ targets: [target], metrics: [{ ...metric, include: '(' }] })[0]).toMatch(
      /^metrics\.0\.include: not a regular expression/,
    )
  })

  it('rejects keys on a v2c target when they belong to v3', () => {
    expect(issues({ targets: [{ ...target, authKeyEnv: 'K' }], metrics: [metric] })).toEqual([
      'targets.0.authKeyEnv: authKeyEnv is not used with version "2c"',
    ])
  })
})
