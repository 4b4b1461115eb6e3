// POST /api/imports (operator): the CSV is the raw request body
// (Content-Type text/csv; ?kind=&version=&name=), streamed to a temp file,
// then imported in the background; 202 { importId } at once, progress over
// socket.io (`importProgress`). GET /api/imports lists recent imports.
import { Router } from 'express'
import { importKinds, type ImportAccepted, type ImportKind, type ImportsResponse } from './api-types/collectors.ts'
import { requireRole } from './auth.ts'
import { HttpError } from './errors.ts'
import { receiveUpload, safeFileName } from './upload.ts'
import type { ImportJobs } from '../imports/import-jobs.ts'

export interface ImportsDeps {
  jobs: ImportJobs
  /** Bytes; default 50 MB (HEADROOM_IMPORT_MAX_BYTES). */
  maxBytes: number
}

const csvTypes = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream']

function queryText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new HttpError(400, `POST /api/imports: ?${name}= must be given once, as text.`)
  return value
}

function parseKind(raw: string | undefined): ImportKind {
  if (raw === undefined || raw === '') return 'auto'
  const kind = importKinds.find((k) => k === raw)
  if (!kind) throw new HttpError(400, `POST /api/imports: ?kind= must be one of ${importKinds.join(', ')}; got "${raw}".`)
  return kind
}

export function createImportsRouter(deps: ImportsDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const body: ImportsResponse = { imports: deps.jobs.list() }
    res.json(body)
  })
  router.post('/', requireRole('operator'), async (req, res) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    if (!csvTypes.includes(type)) {
      req.resume()
      throw new HttpError(
        415,
        `POST /api/imports takes the CSV file as the request body with Content-Type text/csv; got "${type || 'none'}".`,
      )
    }
    const kind = parseKind(queryText(req.query.kind, 'kind'))
    const version = queryText(req.query.version, 'version')
    const importId = deps.jobs.newId()
    const name = safeFileName(queryText(req.query.name, 'name'), `upload-${importId.slice(0, 8)}.csv`)
    const upload = await receiveUpload(req, name, deps.maxBytes)
    deps.jobs.start(importId, {
      path: upload.path,
      cleanup: upload.dir,
      name,
      kind,
      ...(version ? { version } : {}),
      totalBytes: upload.bytes,
    })
    const body: ImportAccepted = { importId }
    res.status(202).json(body)
  })
  return router
}
