// Uploads one CSV to POST /api/imports and follows it: the upload's own
// progress (XMLHttpRequest, because fetch cannot report upload progress
// over HTTP/1.1), then the server's `importProgress` pushes for its
// importId. Pushes can arrive before the 202 does, so they are kept by id.
import { computed, onScopeDispose, ref, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import type {
  ImportAccepted,
  ImportKind,
  ImportProgressEvent,
  ImportsResponse,
} from '../../../server/http/api-types/collectors.ts'
import { authHeaders, reportUnauthorised } from '../auth.ts'
import { useApi, type UseApiReturn } from './use-api.ts'
import { useLive } from './use-live.ts'

export type UploadPhase = 'idle' | 'uploading' | 'importing' | 'done' | 'failed'

export interface UploadRequest {
  file: File
  kind: ImportKind
  /** Forecast version label (driver forecasts); empty for none. */
  version: string
}

export interface UseImportReturn {
  phase: Ref<UploadPhase>
  uploadedBytes: Ref<number>
  totalBytes: Ref<number>
  /** The server's latest progress for this upload, once it has started importing. */
  progress: ComputedRef<ImportProgressEvent | null>
  /** Problem with the upload itself (network, 4xx/5xx), in words naming the request. */
  error: Ref<string | null>
  recent: UseApiReturn<ImportsResponse>
  upload: (request: UploadRequest) => Promise<void>
}

function isProgress(value: unknown): value is ImportProgressEvent {
  return (
    typeof value === 'object' && value !== null && 'importId' in value && typeof value.importId === 'string' && 'state' in value
  )
}

export function useImport(): UseImportReturn {
  const phase = ref<UploadPhase>('idle')
  const uploadedBytes = ref(0)
  const totalBytes = ref(0)
  const error = ref<string | null>(null)
  const importId = ref<string | null>(null)
  const events = shallowRef<ReadonlyMap<string, ImportProgressEvent>>(new Map())
  const recent = useApi<ImportsResponse>('/api/imports')
  const live = useLive()

  live.listen('importProgress', (payload) => {
    if (!isProgress(payload)) return
    const next = new Map(events.value)
    next.set(payload.importId, payload)
    events.value = next
    if (payload.importId === importId.value && payload.state !== 'running') {
      phase.value = payload.state === 'failed' ? 'failed' : 'done'
      void recent.execute()
    }
  })

  // Pushes first; the recent list covers a socket that is down.
  const progress = computed(() => {
    const id = importId.value
    if (!id) return null
    return events.value.get(id) ?? recent.data.value?.imports.find((i) => i.importId === id) ?? null
  })

  // Without the socket no push says "done": poll the list until it does.
  let poll: ReturnType<typeof setInterval> | null = null
  watch(phase, (p) => {
    if (poll !== null) clearInterval(poll)
    poll = null
    if (p !== 'importing') return
    poll = setInterval(() => {
      if (live.connected.value) return
      void recent.execute().then(() => {
        const state = progress.value?.state
        if (phase.value === 'importing' && state && state !== 'running') phase.value = state === 'failed' ? 'failed' : 'done'
      })
    }, 2000)
  })
  onScopeDispose(() => {
    if (poll !== null) clearInterval(poll)
  })

  function send(request: UploadRequest): Promise<ImportAccepted> {
    const params = new URLSearchParams({ kind: request.kind, name: request.file.name })
    if (request.version.trim()) params.set('version', request.version.trim())
    const what = `POST /api/imports (${request.file.name})`
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', `/api/imports?${params.toString()}`)
      xhr.setRequestHeader('Content-Type', 'text/csv')
      xhr.setRequestHeader('Accept', 'application/json')
      for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value)
      xhr.upload.onprogress = (e) => {
        uploadedBytes.value = e.loaded
        if (e.lengthComputable) totalBytes.value = e.total
      }
      xhr.onerror = () => reject(new Error(`${what} failed: the server is unreachable`))
      xhr.onload = () => {
        let body: unknown = null
        try {
          body = JSON.parse(xhr.responseText)
        } catch {
          // not JSON; handled below
        }
        if (xhr.status === 401) reportUnauthorised(what)
        if (xhr.status !== 202 && xhr.status !== 200) {
          const sentence =
            typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
              ? body.error
              : xhr.statusText || 'no explanation from the server'
          reject(new Error(`${what} failed with ${xhr.status}: ${sentence}`))
          return
        }
        if (typeof body !== 'object' || body === null || !('importId' in body) || typeof body.importId !== 'string') {
          reject(new Error(`${what} answered without an importId`))
          return
        }
        resolve({ importId: body.importId })
      }
      xhr.send(request.file)
    })
  }

  async function upload(request: UploadRequest): Promise<void> {
    error.value = null
    importId.value = null
    uploadedBytes.value = 0
    totalBytes.value = request.file.size
    phase.value = 'uploading'
    try {
      const accepted = await send(request)
      importId.value = accepted.importId
      const known = events.value.get(accepted.importId)
      phase.value = known && known.state !== 'running' ? (known.state === 'failed' ? 'failed' : 'done') : 'importing'
      void recent.execute()
    } catch (err) {
      phase.value = 'failed'
      error.value = err instanceof Error ? err.message : String(err)
    }
  }

  return { phase, uploadedBytes, totalBytes, progress, error, recent, upload }
}
