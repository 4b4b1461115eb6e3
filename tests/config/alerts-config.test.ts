import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatProblem } from '../../server/config/problems.ts'

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'config')

describe('loadConfig() with alerts.yaml', () => {
  it('compiles the rules and notifiers of a valid alerts.yaml', async () => {
    const { alerts } = await loadConfig(join(fixtures, 'alerts-good'))
    expect(alerts.source).toBe('file')
    expect(alerts.evaluationIntervalMs).toBe(30_000)
    expect(alerts.rules.map((r) => [r.alert, r.condition.type, r.forMs, r.hysteresis, r.labels.severity])).toEqual([
      ['GatewayHot', 'utilisation', 120_000, 0.1, 'critical'],
      ['ReadChainTight', 'chain-headroom', 0, 0.05, 'warning'],
    ])
    expect(alerts.rules[0]?.select).toEqual({ app: ['gw'] })
    // A rule without a summary gets its condition's.
    expect(alerts.rules[1]?.annotations.summary).toContain('{{ chainName }}')
    expect(alerts.alertmanager).toMatchObject({ url: 'http://alertmanager.example:9093', resendIntervalMs: 120_000 })
    expect(alerts.webhooks[0]).toMatchObject({ name: 'ops', secret: 's3cret', timeoutMs: 5000 })
  })

  it('lists every alerts.yaml problem with file:line:col and path when the file is broken', async () => {
    const expected = (await readFile(join(fixtures, 'alerts-bad', 'expected.txt'), 'utf8')).trim().split('\n')
    const error = await loadConfig(join(fixtures, 'alerts-bad')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems.map(formatProblem)).toEqual(expected)
  })

  it('runs the built-in default rules when there is no alerts.yaml', async () => {
    const { alerts } = await loadConfig(join(fixtures, 'good'))
    expect(alerts.source).toBe('defaults')
    expect(alerts.rules.map((r) => r.condition.type)).toEqual([
      'breach-inside-lead-time',
      'utilisation',
      'collector-down',
      'series-stale',
    ])
    expect(alerts.alertmanager).toBeNull()
    expect(alerts.webhooks).toEqual([])
  })

  it('accepts the example alerts.yaml and covers every shipped condition type', async () => {
    const { alerts } = await loadConfig(join(import.meta.dirname, '..', '..', 'config'))
    expect(alerts.source).toBe('file')
    expect(new Set(alerts.rules.map((r) => r.condition.type))).toEqual(
      new Set([
        'breach-inside-lead-time',
        'slack-below',
        'utilisation',
        'chain-headroom',
        'collector-down',
        'series-stale',
        'evidence-age',
        'n1-headroom',
      ]),
    )
  })
})
