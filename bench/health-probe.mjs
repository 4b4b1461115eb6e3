// The health probe for bench/scale.ts, in a process of its own: a load
// balancer's probe does not share a process with 1 000 browsers, and in the
// bench's own process every answer waited behind those clients decoding
// their deltas (the figure was the bench's event loop, not the server's).
// Plain JS, nothing of Headroom's: GET argv[2] every argv[4] ms for argv[3]
// ms, then sends the list of response times (ms) to the parent and exits.
const [url, windowMs, everyMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] ?? 50)]
const times = []
const end = Date.now() + windowMs
while (Date.now() < end) {
  const t0 = performance.now()
  try {
    const res = await fetch(url)
    await res.arrayBuffer()
    times.push(performance.now() - t0)
  } catch {
    times.push(Number.POSITIVE_INFINITY)
  }
  await new Promise((r) => setTimeout(r, everyMs))
}
process.send?.(times, () => process.exit(0))
