// The `collectors` push is throttled: a burst of health changes (every tick
// of every collector) reaches browsers as one trailing list per interval.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect } from 'socket.io-client'
import { afterAll, describe, expect, it } from 'vitest'
import type { CollectorHealth } from '../../collectors/health.ts'
import { registerCollectorHandlers } from '../../server/live/collector-handlers.ts'
import { TokenRegistry } from '../../server/security/tokens.ts'
import { serverFileSchema } from '../../server/config/server-schema.ts'

function health(id: string, lastSamples: number): CollectorHealth {
  return {
    id,
    type: 'simulator',
    state: 'ok',
    enabled: true,
    schedule: '* * * * * *',
    lastRunAt: null,
    lastSuccess: null,
    lastError: null,
    lastDurationMs: 1,
    lastSamples,
    errorCount: 0,
    consecutiveFailures: 0,
    skippedOverlaps: 0,
    skippedBackoff: 0,
    nextAttemptAt: null,
  }
}

describe('registerCollectorHandlers()', () => {
  const http = createServer()
  const io = new Server(http)
  afterAll(async () => {
    await new Promise<void>((r) => io.close(() => r()))
  })

  it('registerCollectorHandlers() turns a burst of 50 health changes into one trailing push with the latest list', async () => {
    let samples = 0
    const listeners = new Set<(h: CollectorHealth) => void>()
    const stop = registerCollectorHandlers(
      io,
      {
        entries: () => [],
        health: () => [health('sim', samples)],
        runOnce: () => Promise.reject(new Error('not used')),
        collecting: () => true,
        shards: null,
        onHealth: (l) => {
          listeners.add(l)
          return () => listeners.delete(l)
        },
        pushIntervalMs: 300,
      },
      new TokenRegistry(serverFileSchema.parse({}), []),
    )
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transports: ['websocket'],
      reconnection: false,
    })
    const pushes: CollectorHealth[][] = []
    client.on('collectors', (list: CollectorHealth[]) => pushes.push(list))
    await expect.poll(() => pushes.length).toBe(1) // the list on connect

    for (let i = 1; i <= 50; i++) {
      samples = i
      for (const l of listeners) l(health('sim', i))
    }
    await expect.poll(() => pushes.length, { timeout: 3000 }).toBe(2)
    await new Promise((r) => setTimeout(r, 500))
    expect(pushes).toHaveLength(2)
    expect(pushes[1]?.[0]?.lastSamples).toBe(50)
    stop()
    client.close()
  })
})
