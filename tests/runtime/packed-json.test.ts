// packJson() converts large JSON a piece per event-loop turn; what it returns
// must still gunzip to exactly the text it was given, whatever characters sit
// on the pieces' boundaries.
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { packJson } from '../../server/runtime/packed-json.ts'

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
