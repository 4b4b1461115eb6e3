import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkInfluxUrl, openStore } from '../../server/store/open.ts'

describe('openStore()', () => {
  it('returns the embedded DuckDB store when no InfluxDB URL is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-open-'))
    try {
      const store = openStore({ dataDir: join(dir, 'data'), influxUrl: null })
      expect(store.kind).toBe('duckdb')
      await store.init()
      await store.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('returns the InfluxDB store when an InfluxDB URL is set', () => {
    expect(openStore({ dataDir: '/nonexistent', influxUrl: 'http://127.0.0.1:8086/headroom' }).kind).toBe('influxdb')
  })

  it.each([
    ['not a url', 'influx:8086'],
    ['no database', 'http://127.0.0.1:8086/'],
    ['a nested path', 'http://127.0.0.1:8086/a/b'],
    ['another scheme', 'udp://127.0.0.1:8089/headroom'],
  ])('throws a message naming HEADROOM_INFLUX_URL when the URL has %s', (_why, url) => {
    expect(() => openStore({ dataDir: '/tmp', influxUrl: url })).toThrow(
      `HEADROOM_INFLUX_URL must look like http://host:8086/database; got ${JSON.stringify(url)}`,
    )
  })

  it('checkInfluxUrl() accepts credentials and https when the URL is well formed', () => {
    expect(checkInfluxUrl('https://u:p@influx.example:8086/headroom').hostname).toBe('influx.example')
  })
})
