// packJson() converts large JSON a piece per event-loop turn; what it returns
// must still gunzip to exactly the text it was given, whatever characters sit
// on the pieces' boundaries.
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { packJson, wireJson, wireJsonPieces } from '../../server/runtime/packed-json.ts'

const PIECE = 256 * 1024

describe('packJson', () => {
  it('packs small text in one go and large text in pieces, both back to the same text', async () => {
    const small = JSON.stringify({ a: 'x'.repeat(1000), b: 'é→✓' })
    expect(gunzipSync(await packJson(small)).toString('utf8')).toBe(small)
    const large = JSON.stringify({
      rows: Array.from({ length: 40_000 }, (_, i) => ({ id: `app-${i}`, name: `Région ${i} → ✓`, v: i / 7 })),
    })
    expect(large.length).toBeGreaterThan(3 * PIECE)
    expect(gunzipSync(await packJson(large)).toString('utf8')).toBe(large)
  })

  it('keeps a surrogate pair whole when a piece would end between its halves', async () => {
    for (const before of [PIECE - 1, PIECE - 2, 2 * PIECE - 1]) {
      const text = `${'a'.repeat(before)}😀${'b'.repeat(PIECE)}😀`
      expect(gunzipSync(await packJson(text)).toString('utf8')).toBe(text)
    }
  })
})

describe('wireJsonPieces', () => {
  it('packs pieces to the bytes of their joined text', async () => {
    const pieces = await wireJsonPieces({ a: 1, rows: Array.from({ length: 30_000 }, (_, i) => ({ id: i, n: 'é→' })), b: 'x' })
    expect(gunzipSync(await packJson(pieces)).toString('utf8')).toBe(pieces.join(''))
    expect(gunzipSync(await packJson(['{"a":', `"${'😀'.repeat(PIECE)}"`, '}'])).toString('utf8')).toBe(
      `{"a":"${'😀'.repeat(PIECE)}"}`,
    )
  })

  it('writes the same text as wireJson, redaction included', async () => {
    const value = {
      seq: 7,
      at: new Date(Date.UTC(2026, 11, 3)),
      skipped: undefined,
      token: 'a-secret-value',
      tiles: [
        { id: 'a', note: 'see https://user:hunter2@example.com/x', nested: { password: 'p', '': 'empty key' } },
        undefined,
        'Authorization: Bearer abc.def',
        [1, 'two', null],
      ],
      chains: [],
      engine: { summary: 'ok', apiKey: 'k', when: new Date(0), list: ['x', { token: 't' }] },
      '': 'top empty key',
    }
    const sliced = (await wireJsonPieces(value)).join('')
    expect(sliced).toBe(wireJson(value))
    expect(sliced).not.toContain('hunter2')
    expect(sliced).not.toContain('a-secret-value')
  })

  it('gives the same text for a large delta, written over many turns', async () => {
    const tiles = Array.from({ length: 20_000 }, (_, i) => ({ id: `app-${i}`, status: i % 3 ? 'green' : 'amber', u: i / 9 }))
    const value = { seq: 1, prev: 0, tiles, chains: tiles.slice(0, 100) }
    expect((await wireJsonPieces(value)).join('')).toBe(wireJson(value))
  })
})
