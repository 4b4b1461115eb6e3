// Writes through InfluxDB's /write endpoint as line protocol. POSTs run one
// at a time, in call order, so InfluxDB applies batches in the order they
// were written; a 400 (points refused) is final, anything else may pass later.
import { StoreRejectedError } from './errors.ts'
import { fetchFailure, type Connection } from './influx-connection.ts'
import { toLine } from './line-protocol.ts'
import type { Point } from './types.ts'

export function createInfluxWriter(c: Connection, rp: string, measurement: string): (points: readonly Point[]) => Promise<void> {
  const writeUrl = `${c.origin}/write?${new URLSearchParams({ db: c.database, rp, precision: 'ms' })}`
  const { authorization, where } = c
  let postChain: Promise<unknown> = Promise.resolve()

  async function post(body: string, count: number): Promise<void> {
    let res: Response
    try {
      res = await fetch(writeUrl, {
        method: 'POST',
        body,
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(30_000),
      })
    } catch (err) {
      throw new Error(`InfluxDB write of ${count} points to ${where} failed: ${fetchFailure(err)}`)
    }
    if (res.status === 204) return
    const text = (await res.text().catch(() => '')).slice(0, 500)
    // 400 = the points themselves were refused (beyond retention, field type
    // conflict): retrying cannot help. Anything else (auth, 5xx) may pass later.
    if (res.status === 400) {
      const dropped = /dropped=(\d+)/.exec(text)?.[1]
      throw new StoreRejectedError(
        `InfluxDB at ${where} refused ${dropped ?? 'all'} of ${count} points: ${text}`,
        dropped ? Number(dropped) : null,
      )
    }
    throw new Error(`InfluxDB write of ${count} points to ${where} failed with HTTP ${res.status}: ${text}`)
  }

  return async (points) => {
    if (points.length === 0) return
    // The body is built now (throwing here for a bad point), so the caller's
    // next batch can be serialised while this one waits for its turn.
    let body = ''
    for (const p of points) body += toLine(measurement, p)
    const send = (): Promise<void> => post(body, points.length)
    const mine = postChain.then(send, send)
    postChain = mine.catch(() => undefined)
    await mine
  }
}
