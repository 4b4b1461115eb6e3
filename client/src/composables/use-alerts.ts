// Alerts, live: GET /api/alerts once, then the socket's `alerts` push
// replaces the whole state (it is small: the current alerts, silences and
// counts). Actions go over the socket (ackAlert, unackAlert, createSilence,
// expireSilence) and fall back to REST while it is down; the server checks
// the role either way. Shared: the header badge, the Alerts page and the
// wall read the same state.
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type {
  AlertInstance,
  AlertsResponse,
  AlertsSummary,
  Silence,
  SilenceRequestBody,
} from '../../../server/http/api-types/alerts.ts'
import { errorText, fetchJson } from '../api-client.ts'
import { ackData } from '../api-post.ts'
import { sendJson } from '../api-send.ts'
import { createSharedComposable } from './create-shared-composable.ts'
import { useLive } from './use-live.ts'

export interface UseAlertsReturn {
  state: ShallowRef<AlertsResponse | null>
  summary: ComputedRef<AlertsSummary | null>
  error: Ref<string | null>
  isLoading: Ref<boolean>
  /** Ids of alerts and silences with an action in flight from this page. */
  busy: ShallowRef<ReadonlySet<string>>
  acknowledge: (id: string, comment: string) => Promise<void>
  unacknowledge: (id: string) => Promise<void>
  createSilence: (body: SilenceRequestBody) => Promise<Silence>
  expireSilence: (id: string) => Promise<void>
  /** Re-fetch (after a reconnect, or by hand). */
  refresh: () => Promise<void>
}

function isAlertsState(value: unknown): value is AlertsResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'alerts' in value &&
    Array.isArray(value.alerts) &&
    'summary' in value &&
    typeof value.summary === 'object'
  )
}

function createAlerts(): UseAlertsReturn {
  const live = useLive()
  const state = shallowRef<AlertsResponse | null>(null)
  const error = ref<string | null>(null)
  const isLoading = ref(false)
  const busy = shallowRef<ReadonlySet<string>>(new Set())

  async function refresh(): Promise<void> {
    isLoading.value = true
    try {
      const fetched = await fetchJson<AlertsResponse>('/api/alerts')
      // A push that arrived meanwhile is newer.
      if (!state.value || fetched.generatedAt >= state.value.generatedAt) state.value = fetched
      error.value = null
    } catch (err) {
      error.value = errorText(err)
    } finally {
      isLoading.value = false
    }
  }

  live.listen('alerts', (payload) => {
    if (!isAlertsState(payload)) {
      error.value = 'the server pushed an alert list this page cannot read'
      return
    }
    state.value = payload
    error.value = null
  })
  void refresh()

  /** Runs a command over the socket (or REST when it is down), marking `key` busy meanwhile. */
  async function run<T>(key: string, command: string, payload: unknown, rest: () => Promise<T>): Promise<T> {
    busy.value = new Set([...busy.value, key])
    try {
      return live.connected.value ? ackData<T>(command, await live.command(command, payload)) : await rest()
    } finally {
      const rest2 = new Set(busy.value)
      rest2.delete(key)
      busy.value = rest2
    }
  }
  const path = (id: string) => `/api/alerts/${encodeURIComponent(id)}`

  return {
    state,
    summary: computed(() => state.value?.summary ?? null),
    error,
    isLoading,
    busy,
    async acknowledge(id, comment) {
      await run<AlertInstance>(id, 'ackAlert', { id, comment }, () => sendJson('POST', `${path(id)}/ack`, { comment }))
    },
    async unacknowledge(id) {
      await run<AlertInstance>(id, 'unackAlert', { id }, () => sendJson('DELETE', `${path(id)}/ack`))
    },
    createSilence: (body) =>
      run<Silence>('new-silence', 'createSilence', body, () => sendJson('POST', '/api/alerts/silences', body)),
    async expireSilence(id) {
      await run<Silence>(id, 'expireSilence', { id }, () => sendJson('DELETE', `/api/alerts/silences/${encodeURIComponent(id)}`))
    },
    refresh,
  }
}

/** The alert state every page shares (one fetch, one push listener). */
export const useAlerts = createSharedComposable(createAlerts)
