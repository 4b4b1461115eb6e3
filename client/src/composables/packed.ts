// What the live rooms send as bytes: JSON serialised once on the server, and
// for the tiles room gzipped once too (every wall gets the same bytes, so the
// server compresses one copy instead of deflating per socket). Gzip starts
// with 0x1f 0x8b; JSON text never does.
const isGzip = (b: Uint8Array): boolean => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b

function bytesOf(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return null
}

async function gunzip(bytes: Uint8Array): Promise<string> {
  const copy = new Uint8Array(bytes)
  const stream = new Blob([copy]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Response(stream).text()
}

/** The value in a room's message: gzipped JSON bytes, JSON bytes, or (older servers, tests) the object itself. */
export async function decodePacked<T>(data: unknown): Promise<T> {
  const bytes = bytesOf(data)
  if (!bytes) return data as T
  const text = isGzip(bytes) ? await gunzip(bytes) : new TextDecoder().decode(bytes)
  return JSON.parse(text) as T
}

/**
 * Runs async handlers one after another in arrival order, so deltas decoded at different speeds still
 * apply in order; a handler that fails goes to onError and the next one still runs.
 */
export function inOrder(onError: (err: unknown) => void): (work: () => Promise<void>) => void {
  let last: Promise<void> = Promise.resolve()
  return (work) => {
    last = last.then(work).catch(onError)
  }
}
