// The one socket.io connection of the app. Pushes named after what they
// carry: `snapshot` (CapacitySnapshot) and `backfill` (progress). The last
// snapshot stays in place while disconnected, so a server restart never
// blanks a wall screen; `connected` drives the reconnect banner instead.
import { io, type Socket } from 'socket.io-client'
import { getCurrentScope, onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { BackfillProgress, CapacitySnapshot } from '../api-types.ts'
import { authProblem, getToken, reportUnauthorised } from '../auth.ts'
import { createSharedComposable } from './create-shared-composable.ts'
import { isBackfill, isSnapshot } from './live-guards.ts'

export interface UseLiveReturn {
  snapshot: ShallowRef<CapacitySnapshot | null>
  connected: Ref<boolean>
  /** True once the socket has connected at least once: tells "connecting" from "lost". */
  everConnected: Ref<boolean>
  /** When the browser received the last snapshot. */
  lastUpdate: Ref<Date | null>
  backfill: Ref<BackfillProgress | null>
  /** Last problem with the live connection, in words; null when fine. */
  error: Ref<string | null>
  /**
   * Listens to a named push on the shared socket (e.g. `collectors`,
   * `importProgress`); returns the function that stops listening. Pages
   * call it in setup and the caller's scope ending removes it too.
   */
  listen: (event: string, handler: (payload: unknown) => void) => () => void
  /** Sends a socket command (`runCollector`, `runScenario`) and resolves with its ack, or rejects after `timeoutMs`. */
  command: (name: string, payload: unknown, timeoutMs?: number) => Promise<unknown>
}

function createLive(): UseLiveReturn {
  const snapshot = shallowRef<CapacitySnapshot | null>(null)
  const connected = ref(false)
  const everConnected = ref(false)
  const lastUpdate = ref<Date | null>(null)
  const backfill = ref<BackfillProgress | null>(null)
  const error = ref<string | null>(null)

  let disposed = false
  const token = getToken()
  const socket: Socket = io({
    path: '/socket.io',
    auth: token ? { token } : {},
    // A wall screen waits out server restarts: retry forever, but often
    // enough that the banner clears within seconds of the server returning.
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  })

  socket.on('connect', () => {
    connected.value = true
    everConnected.value = true
    error.value = null
  })

  socket.on('disconnect', (reason) => {
    connected.value = false
    error.value = `disconnected (${reason})`
    // socket.io gives up when the server itself closes the socket; a wall
    // screen must not, so knock again shortly (auth failures stop it below).
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (!disposed && authProblem.value === null) socket.connect()
      }, 1000)
    }
  })

  socket.on('connect_error', (err: Error) => {
    connected.value = false
    if (/unauthori[sz]ed|forbidden|token|401/i.test(err.message)) {
      reportUnauthorised('the live connection')
      // Retrying with the same token would only fail again.
      socket.disconnect()
    }
    error.value = `cannot connect: ${err.message}`
  })

  socket.on('snapshot', (payload: unknown) => {
    if (!isSnapshot(payload)) {
      error.value = 'the server pushed a snapshot this page cannot read'
      return
    }
    snapshot.value = payload
    lastUpdate.value = new Date()
  })

  socket.on('backfill', (payload: unknown) => {
    if (isBackfill(payload)) backfill.value = payload
  })

  function listen(event: string, handler: (payload: unknown) => void): () => void {
    socket.on(event, handler)
    const stop = (): void => {
      socket.off(event, handler)
    }
    if (getCurrentScope()) onScopeDispose(stop)
    return stop
  }

  async function command(name: string, payload: unknown, timeoutMs = 30_000): Promise<unknown> {
    if (!socket.connected) throw new Error(`${name}: not connected to the server, try again when the banner clears`)
    try {
      return await socket.timeout(timeoutMs).emitWithAck(name, payload)
    } catch {
      throw new Error(`${name}: the server did not answer within ${Math.round(timeoutMs / 1000)} s`)
    }
  }

  onScopeDispose(() => {
    disposed = true
    socket.removeAllListeners()
    socket.disconnect()
  })

  return { snapshot, connected, everConnected, lastUpdate, backfill, error, listen, command }
}

/** Live data from the server's socket; every caller shares one connection. */
export const useLive = createSharedComposable(createLive)
