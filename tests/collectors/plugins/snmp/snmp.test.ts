// The snmp plugin against a real snmpd (Debian package `snmpd`) on loopback.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snmpPlugin as snmp } from '../../../../collectors/plugins/snmp/index.ts'
import type { SnmpConfig } from '../../../../collectors/plugins/snmp/config.ts'
import type { CollectorContext } from '../../../../collectors/types.ts'
import { serviceBinary, freePort } from '../../../support/services.ts'
import { messages, recordingAccumulator, testContext, type RecordingAccumulator } from '../http-json/plugin-harness.ts'
import { AUTH_KEY, COMMUNITY, PASS_BASE, PRIV_KEY, startSnmpd, V3_USER, type SnmpdPeer } from './snmpd-peer.ts'

const snmpd = serviceBinary('snmpd', 'snmpd')
const IF_HC_IN_OCTETS = '1.3.6.1.2.1.31.1.1.1.6'
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1'
const t0 = new Date('2025-06-30T12:00:00Z')
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000)

function parse(raw: unknown): SnmpConfig {
  const result = snmp.parseConfig(raw)
  if (!result.ok) throw new Error(`bad test config: ${JSON.stringify(result.issues)}`)
  return result.value
}

/** One collection at a given time, under a collector id of its own so rate state never leaks between tests. */
async function collectAt(id: string, config: SnmpConfig, now: Date, signal?: AbortSignal): Promise<RecordingAccumulator> {
  const acc = recordingAccumulator()
  const ctx: CollectorContext = { ...testContext({ now, ...(signal ? { signal } : {}) }), id }
  await snmp.collect(config, acc, ctx)
  return acc
}

describe.skipIf(!snmpd.path)('snmp plugin against a real snmpd', () => {
  let peer: SnmpdPeer
  let v2c: { host: string; port: number; version: '2c'; communityEnv: string; tags: Record<string, string> }

  beforeAll(async () => {
    peer = await startSnmpd(snmpd.path ?? 'snmpd')
    process.env.HR_TEST_SNMP_COMMUNITY = COMMUNITY
    process.env.HR_TEST_SNMP_AUTH = AUTH_KEY
    v2c = { host: '127.0.0.1', port: peer.port, version: '2c', communityEnv: 'HR_TEST_SNMP_COMMUNITY', tags: { site: 'north' } }
  })

  afterAll(async () => {
    await snmp.close?.()
    await peer?.stop()
  })

  it('collect() turns a wrapping Counter32 into the right per-second rate when the counter passes 2^32', async () => {
    const config = parse({ targets: [v2c], metrics: [{ app: 'ggsn', metric: 'sessions-created', oid: `${PASS_BASE}.1.0` }] })
    peer.setValues({ c32: 4294967000 })
    const first = await collectAt('wrap32', config, at(0))
    expect(first.errors).toEqual([])
    expect(first.samples).toEqual([]) // a counter's first reading is only a baseline
    peer.setValues({ c32: 704 })
    const second = await collectAt('wrap32', config, at(10))
    expect(messages(second)).toEqual([])
    expect(second.samples).toEqual([{ app: 'ggsn', metric: 'sessions-created', value: 100, at: at(10), tags: { site: 'north' } }])
  })

  it('collect() unwinds a Counter64 wrap and converts bytes to Mbit/s when the mapping declares units', async () => {
    const config = parse({
      targets: [v2c],
      metrics: [{ app: 'ggsn', metric: 'throughput', oid: `${PASS_BASE}.2.0`, unit: 'bytes', as: 'Mbit/s' }],
    })
    peer.setValues({ c64: 2n ** 64n - 1_000_000n })
    await collectAt('wrap64', config, at(0))
    peer.setValues({ c64: 2_750_000n })
    const acc = await collectAt('wrap64', config, at(10))
    expect(messages(acc)).toEqual([])
    // (1 000 000 + 2 750 000) bytes in 10 s = 375 000 B/s = 3 Mbit/s
    expect(acc.samples.map((s) => s.value)).toEqual([3])
  })

  it('collect() reports no rate after a counter reset and resumes on the next reading', async () => {
    const config = parse({ targets: [v2c], metrics: [{ app: 'sm2m', metric: 'messages', oid: `${PASS_BASE}.1.0` }] })
    peer.setValues({ c32: 5_000_000 })
    expect(messages(await collectAt('reset', config, at(0)))).toEqual([])
    peer.setValues({ c32: 20 })
    const afterReset = await collectAt('reset', config, at(10))
    expect(messages(afterReset)).toEqual([])
    expect(afterReset.samples).toEqual([])
    peer.setValues({ c32: 220 })
    const next = await collectAt('reset', config, at(20))
    expect(messages(next)).toEqual([])
    expect(next.samples.map((s) => s.value)).toEqual([20])
  })

  it('collect() returns a Gauge32 as it is when the OID is not a counter', async () => {
    const config = parse({
      targets: [v2c],
      metrics: [{ app: 'sm2m', metric: 'active-sessions', oid: `${PASS_BASE}.3.0`, tags: { node: 'a' } }],
    })
    peer.setValues({ gauge: 4321 })
    const acc = await collectAt('gauge', config, at(0))
    expect(acc.samples).toEqual([
      { app: 'sm2m', metric: 'active-sessions', value: 4321, at: at(0), tags: { site: 'north', node: 'a' } },
    ])
  })

  it('collect() bulk-walks ifHCInOctets over v3 authPriv and tags rows with ifName when indexTag is set', async () => {
    const keyFile = join(peer.dir, 'priv.key')
    writeFileSync(keyFile, `${PRIV_KEY}\n`)
    const config = parse({
      targets: [
        {
          host: '127.0.0.1',
          port: peer.port,
          version: '3',
          user: V3_USER,
          authKeyEnv: 'HR_TEST_SNMP_AUTH',
          privKeyFile: keyFile,
        },
      ],
      metrics: [
        {
          app: 'ggsn',
          metric: 'octets-in',
          oid: IF_HC_IN_OCTETS,
          walk: true,
          indexTag: { name: 'interface', oid: IF_NAME },
          include: '^lo$',
        },
      ],
    })
    const first = await collectAt('walk-v3', config, at(0))
    expect(messages(first)).toEqual([])
    // lo's counter moves with our own SNMP packets, but snmpd caches the
    // interface table for a few seconds: collect until a moved reading shows.
    let latest = first
    for (let round = 1; round <= 20; round++) {
      await new Promise((r) => setTimeout(r, 1000))
      latest = await collectAt('walk-v3', config, at(round * 10))
      expect(messages(latest)).toEqual([])
      if ((latest.samples[0]?.value ?? 0) > 0) break
    }
    expect(latest.samples).toHaveLength(1)
    expect(latest.samples[0]).toMatchObject({ app: 'ggsn', metric: 'octets-in', tags: { interface: 'lo' } })
    expect(latest.samples[0]?.value).toBeGreaterThan(0)
  })

  it('collect() sums walked rows into one sample when aggregate is sum', async () => {
    const config = parse({
      targets: [v2c],
      metrics: [{ app: 'ggsn', metric: 'all-in', oid: IF_HC_IN_OCTETS, walk: true, aggregate: 'sum', type: 'gauge' }],
    })
    const acc = await collectAt('sum', config, at(0))
    expect(messages(acc)).toEqual([])
    expect(acc.samples).toHaveLength(1)
    expect(acc.samples[0]?.tags).toEqual({ site: 'north' })
    expect(acc.samples[0]?.value).toBeGreaterThan(0)
  })

  it('collect() reports the silent target by udp://host:port and still delivers the healthy one when one community is wrong', async () => {
    process.env.HR_TEST_SNMP_WRONG = 'not-the-community'
    const config = parse({
      targets: [{ ...v2c, communityEnv: 'HR_TEST_SNMP_WRONG', timeout: '300ms', retries: 0, tags: { site: 'south' } }, v2c],
      metrics: [{ app: 'sm2m', metric: 'active-sessions', oid: `${PASS_BASE}.3.0` }],
    })
    peer.setValues({ gauge: 7 })
    const acc = await collectAt('mixed', config, at(0))
    expect(acc.samples).toEqual([{ app: 'sm2m', metric: 'active-sessions', value: 7, at: at(0), tags: { site: 'north' } }])
    expect(messages(acc)).toHaveLength(1)
    expect(messages(acc)[0]).toMatch(new RegExp(`^\\[target=udp://127\\.0\\.0\\.1:${peer.port}\\] GET .*timed out`, 'i'))
    expect(messages(acc).join()).not.toContain('not-the-community')
  })

  it('collect() names the variable, never a value, when a secret is missing', async () => {
    delete process.env.HR_TEST_SNMP_UNSET
    const config = parse({
      targets: [{ ...v2c, communityEnv: 'HR_TEST_SNMP_UNSET' }],
      metrics: [{ app: 'a', metric: 'm', oid: '1.3.6.1.2.1.1.3.0' }],
    })
    const acc = await collectAt('unset', config, at(0))
    expect(messages(acc)).toEqual([
      `[target=udp://127.0.0.1:${peer.port}] community: environment variable HR_TEST_SNMP_UNSET is not set`,
    ])
  })

  it('collect() reports an error naming the OID when the agent has no such object', async () => {
    const config = parse({ targets: [v2c], metrics: [{ app: 'a', metric: 'm', oid: '1.3.6.1.4.1.424242.1.0' }] })
    const acc = await collectAt('nosuch', config, at(0))
    expect(acc.samples).toEqual([])
    expect(messages(acc)[0]).toMatch(/^\[target=udp:\/\/127\.0\.0\.1:\d+\] a\/m 1\.3\.6\.1\.4\.1\.424242\.1\.0: noSuch/)
  })

  it('collect() fails v3 with an error naming the target when the auth key is wrong', async () => {
    process.env.HR_TEST_SNMP_BADAUTH = 'wrong-passphrase'
    const config = parse({
      targets: [
        {
          host: '127.0.0.1',
          port: peer.port,
          version: '3',
          user: V3_USER,
          authKeyEnv: 'HR_TEST_SNMP_BADAUTH',
          privKeyEnv: 'HR_TEST_SNMP_AUTH',
          timeout: '500ms',
          retries: 0,
        },
      ],
      metrics: [{ app: 'a', metric: 'm', oid: `${PASS_BASE}.3.0` }],
    })
    const acc = await collectAt('badauth', config, at(0))
    expect(acc.samples).toEqual([])
    expect(messages(acc)).toHaveLength(1)
    expect(messages(acc)[0]).toMatch(/^\[target=udp:\/\/127\.0\.0\.1:\d+\] GET/)
    expect(messages(acc)[0]).not.toContain('wrong-passphrase')
  })

  it('collect() gives up with an aborted error when ctx.signal fires during a request to a silent port', async () => {
    const silentPort = await freePort()
    const config = parse({
      targets: [{ ...v2c, port: silentPort, timeout: '60s', retries: 0 }],
      metrics: [{ app: 'a', metric: 'm', oid: '1.3.6.1.2.1.1.3.0' }],
    })
    const controller = new AbortController()
    const run = collectAt('abort', config, at(0), controller.signal)
    setTimeout(() => controller.abort(), 50)
    const acc = await run
    expect(messages(acc)).toEqual([
      `[target=udp://127.0.0.1:${silentPort}] GET 1.3.6.1.2.1.1.3.0: aborted (collector timeout or shutdown)`,
    ])
  })
})
