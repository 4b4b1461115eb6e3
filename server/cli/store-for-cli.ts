// Opening the store from a command-line process, with the one thing that
// differs from the server: the embedded DuckDB file can be open in only one
// process, so when a server holds it the error must say what to do instead.
import { openStore } from '../store/open.ts'
import type { Store } from '../store/types.ts'

export class StoreLockedError extends Error {}

export function isLockError(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err)
  return /Could not set lock|Conflicting lock|lock on file/i.test(text)
}

/** Opens and initialises the store; `whenLocked` is the sentence for a DuckDB file another process holds. */
export async function openCliStore(dataDir: string, influxUrl: string | null, whenLocked: string): Promise<Store> {
  const store = openStore({ dataDir, influxUrl })
  try {
    await store.init()
  } catch (err) {
    await store.close().catch(() => undefined)
    if (store.kind === 'duckdb' && isLockError(err)) throw new StoreLockedError(whenLocked)
    throw err
  }
  return store
}
