// A short digest of a long text, for fingerprints the engine keeps and
// compares every pass. Pure JavaScript (the engine imports no Node module):
// two cyrb53 hashes with different seeds, 106 bits together, plus the
// length, so two different inputs colliding is not a practical concern.

/** cyrb53 (bryc, public domain): a 53-bit hash of the string's UTF-16 code units. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

export function digest(text: string): string {
  return `${text.length.toString(36)}.${cyrb53(text, 1).toString(36)}.${cyrb53(text, 2).toString(36)}`
}
