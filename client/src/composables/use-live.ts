// The one socket.io connection of the app. The live state comes by room:
// every page sees the tiles (each application's RAG, tightest metric and
// why, the chains, the engine summary), sent whole once and then as deltas;
// a page that shows one application's metrics watches it with watchApp(id)
// for as long as it is on screen. The last state stays in place while
// disconnected, so a server restart never blanks a wall screen; `connected`
// drives the reconnect banner instead, and a reconnect (or any missed
// delta) fetches the full state again.
import { io, type Socket } from 'socket.io-client'
import {
  getCurrentScope,
  onScopeDispose,
  ref,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue'
import type { AppDelta, AppFull, BackfillProgress, LiveApplication, LiveSnapshot, TilesDelta, TilesFull } from '../api-types.ts'
import { authProblem, getToken, reportUnauthorised } from '../auth.ts'
import { createSharedComposable } from './create-shared-composable.ts'
import { isBackfill } from './live-guards.ts'
import { decodePacked, inOrder } from './packed.ts'
import { appFromFull, applyAppDelta, applyTilesDelta, tilesFromFull, type AppState, type TilesState } from './live-view-state.ts'

export interface UseLiveReturn {
  snapshot: ShallowRef<LiveSnapshot | null>
  connected: Ref<boolean>
  /** True once the socket has connected at least once: tells "connecting" from "lost". */
  everConnected: Ref<boolean>
  /** When the browser received the last update. */
  lastUpdate: Ref<Date | null>
  backfill: Ref<BackfillProgress | null>
  /** Last problem with the live connection, in words; null when fine. */
  error: Ref<string | null>
  /** Fills `snapshot.applications[id].metrics` while the caller's scope lives (the id may change). */
  watchApp: (id: MaybeRefOrGetter<string | null | undefined>) => void
  /**
   * Listens to a named push on the shared socket (e.g. `collectors`,
   * `importProgress`); returns the function that stops listening. Pages
   * call it in setup and the caller's scope ending removes it too.
   */
  listen: (event: string, handler: (payload: unknown) => void) => () => void
  /** Sends a socket command (`runCollector`, `runScenario`) and resolves with its ack, or rejects after `timeoutMs`. */
  command: (name: string, payload: unknown, timeoutMs?: number) => Promise<unknown>
}

function build(tiles: TilesState, apps: ReadonlyMap<string, { state: AppState | null }>): LiveSnapshot {
  let at = tiles.at
  const applications = tiles.order.map((id): LiveApplication => {
    const t = tiles.tiles.get(id)!
    const detail = apps.get(id)?.state ?? null
    if (detail && detail.at > at) at = detail.at
    const { version: _version, ...tile } = t
    return { ...tile, metrics: detail ? detail.order.map((m) => detail.metrics.get(m)!) : [] }
  })
  return {
    generatedAt: at,
    applications,
    chains: tiles.summary.chains,
    ...(tiles.summary.engine ? { engine: tiles.summary.engine } : {}),
  }
}

function createLive(): UseLiveReturn {
  const snapshot = shallowRef<LiveSnapshot | null>(null)
  const connected = ref(false)
  const everConnected = ref(false)
  const lastUpdate = ref<Date | null>(null)
  const backfill = ref<BackfillProgress | null>(null)
  const error = ref<string | null>(null)
  let tiles: TilesState | null = null
  const apps = new Map<string, { refs: number; state: AppState | null }>()

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

  function publish(): void {
    if (!tiles) return
    snapshot.value = build(tiles, apps)
    lastUpdate.value = new Date()
  }

  async function command(name: string, payload: unknown, timeoutMs = 30_000): Promise<unknown> {
    if (!socket.connected) throw new Error(`${name}: not connected to the server, try again when the banner clears`)
    try {
      return await socket.timeout(timeoutMs).emitWithAck(name, payload)
    } catch {
      throw new Error(`${name}: the server did not answer within ${Math.round(timeoutMs / 1000)} s`)
    }
  }

  async function fetchFull<T>(payload: { view: 'tiles' } | { view: 'app'; id: string }): Promise<T | null> {
    const ack = (await command('watch', payload).catch((err: unknown) => {
      error.value = err instanceof Error ? err.message : String(err)
      return null
    })) as { ok: boolean; data?: unknown; error?: string } | null
    if (!ack) return null
    if (!ack.ok) {
      // Before the first snapshot the server says so; ask again shortly.
      error.value = ack.error ?? 'the server refused to send the live state'
      setTimeout(() => void (payload.view === 'tiles' ? watchTiles() : watchOne(payload.id)), 2000)
      return null
    }
    error.value = null
    return decodePacked<T>(ack.data)
  }

  /**
   * Deltas that arrive while the full state is on its way (the room is joined before the state is
   * sent, and the state is decoded asynchronously): applied after it, older ones ignored by seq. Dropping
   * them lost, say, the engine summary until the next delta revealed the gap.
   */
  let early: TilesDelta[] | null = null
  const EARLY_MAX = 100

  async function watchTiles(): Promise<void> {
    if (disposed || !socket.connected) return
    early ??= []
    const full = await fetchFull<TilesFull>({ view: 'tiles' })
    const held = early ?? []
    early = null
    if (full && (!tiles || full.seq >= tiles.seq)) tiles = tilesFromFull(full)
    if (!tiles) return
    for (const d of held)
      if (applyTilesDelta(tiles, d) === 'gap') {
        void watchTiles()
        break
      }
    publish()
  }

  async function watchOne(id: string): Promise<void> {
    if (disposed || !socket.connected || !apps.has(id)) return
    const full = await fetchFull<AppFull>({ view: 'app', id })
    const entry = apps.get(id)
    if (full && entry && (!entry.state || full.seq >= entry.state.seq)) {
      entry.state = appFromFull(full)
      publish()
    }
  }

  socket.on('connect', () => {
    connected.value = true
    everConnected.value = true
    error.value = null
    void watchTiles()
    for (const id of apps.keys()) void watchOne(id)
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

  // A delta that cannot be read leaves the tiles unknown past it: say so and take the full state again.
  const tilesQueue = inOrder((err) => {
    error.value = `a live update could not be read (${err instanceof Error ? err.message : String(err)}); reloading the state`
    void watchTiles()
  })
  socket.on('tiles', (data: unknown) =>
    tilesQueue(async () => {
      const delta = await decodePacked<TilesDelta>(data)
      if (early) {
        if (early.length < EARLY_MAX) early.push(delta)
        return
      }
      if (!tiles) return
      const outcome = applyTilesDelta(tiles, delta)
      if (outcome === 'applied') publish()
      else if (outcome === 'gap') void watchTiles()
    }),
  )

  socket.on('app', (delta: AppDelta) => {
    const state = apps.get(delta.app)?.state
    if (!state) return
    const outcome = applyAppDelta(state, delta)
    if (outcome === 'applied') publish()
    else if (outcome === 'gap') void watchOne(delta.app)
  })

  socket.on('backfill', (payload: unknown) => {
    if (isBackfill(payload)) backfill.value = payload
  })

  function release(id: string): void {
    const entry = apps.get(id)
    if (!entry) return
    entry.refs -= 1
    if (entry.refs > 0) return
    apps.delete(id)
    if (socket.connected) socket.emit('unwatch', { view: 'app', id })
    publish()
  }

  function watchApp(id: MaybeRefOrGetter<string | null | undefined>): void {
    let held: string | null = null
    const stop = watch(
      () => toValue(id) ?? null,
      (next) => {
        if (held) release(held)
        held = next
        if (!next) return
        const entry = apps.get(next)
        if (entry) entry.refs += 1
        else {
          apps.set(next, { refs: 1, state: null })
          void watchOne(next)
        }
      },
      { immediate: true },
    )
    if (getCurrentScope())
      onScopeDispose(() => {
        stop()
        if (held) release(held)
      })
  }

  /** A push's payload as sent: the big ones (alerts, the upgrade plan) come as gzipped JSON, decoded here in order. */
  function listen(event: string, handler: (payload: unknown) => void): () => void {
    const queue = inOrder((err) => {
      error.value = `a ${event} update could not be read (${err instanceof Error ? err.message : String(err)})`
    })
    const receive = (payload: unknown): void => queue(async () => handler(await decodePacked(payload)))
    socket.on(event, receive)
    const stop = (): void => {
      socket.off(event, receive)
    }
    if (getCurrentScope()) onScopeDispose(stop)
    return stop
  }

  onScopeDispose(() => {
    disposed = true
    socket.removeAllListeners()
    socket.disconnect()
  })

  return { snapshot, connected, everConnected, lastUpdate, backfill, error, watchApp, listen, command }
}

/** Live data from the server's socket; every caller shares one connection. */
export const useLive = createSharedComposable(createLive)
