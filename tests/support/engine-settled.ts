// Waits until the engine's verdict covers the backfilled history: backfill
// finished, then an engine pass that started after it, with every metric on
// its back-tested model. A test that asserts breach dates on the example
// estate must wait for this, not for the first engine result: that one can
// come from the minutes before backfill wrote any history (no breach at all).
import { waitFor } from './services.ts'

interface HealthShape {
  backfill?: { state?: string }
  engine?: { generatedAt?: string; pending?: number; fitsOutstanding?: number } | null
}

export async function waitForSettledEngine(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  let backfillDoneAt: number | null = null
  await waitFor(
    'an engine pass after backfill with every forecast settled',
    async () => {
      const res = await fetch(`${baseUrl}/api/health`)
      if (!res.ok) return false
      const h = (await res.json()) as HealthShape
      const state = h.backfill?.state
      if (state === 'running' || state === undefined) return false
      backfillDoneAt ??= Date.now()
      const e = h.engine
      if (!e?.generatedAt || (e.pending ?? 0) > 0 || (e.fitsOutstanding ?? 0) > 0) return false
      // The pass the end of backfill triggers may be stamped just before this poll first saw "done".
      return Date.parse(e.generatedAt) >= backfillDoneAt - 1000
    },
    timeoutMs,
  )
}
