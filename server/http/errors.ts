// One error shape for every HTTP failure: a status code and { error } with a
// sentence a person can act on.
import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { Logger } from '../log.ts'
import { HttpError } from '../request-error.ts'
import { StoreUnavailableError } from '../store/read-guard.ts'

export { HttpError }

export function apiNotFound(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: `No API route ${req.method} ${req.originalUrl.split('?')[0]}.` })
  }
}

/** What body-parser (and the router's parameter decoding) mean by each error type, as a sentence about this request. */
function clientFault(err: { type?: unknown; message?: unknown }, where: string, status: number): string {
  const detail = typeof err.message === 'string' ? err.message : ''
  switch (err.type) {
    case 'entity.too.large':
      return `Request body of ${where} is larger than the server accepts.`
    case 'entity.parse.failed':
      return `Request body of ${where} is not valid JSON (${detail}).`
    case 'charset.unsupported':
      return `Request body of ${where}: ${detail}; send it as utf-8 (Content-Type: application/json; charset=utf-8).`
    case 'encoding.unsupported':
      return `Request body of ${where}: ${detail}; send it uncompressed or as gzip, deflate or br.`
    case 'request.aborted':
      return `Request body of ${where} was cut off before it ended.`
    case 'request.size.invalid':
      return `Request body of ${where} is shorter or longer than its Content-Length.`
    default:
      return `Bad request ${where}${detail ? `: ${detail}` : ''} (HTTP ${status}).`
  }
}

function statusOf(err: unknown): number {
  if (typeof err !== 'object' || err === null) return 500
  const raw = 'status' in err ? err.status : 'statusCode' in err ? err.statusCode : undefined
  const status = Number(raw)
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    void _next
    if (res.headersSent) {
      res.destroy()
      return
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.message })
      return
    }
    const where = `${req.method} ${req.path}`
    if (err instanceof StoreUnavailableError) {
      res.status(503).setHeader('Retry-After', '5').json({ error: err.message })
      return
    }
    // body-parser's own errors carry a 4xx status and a type (413 too large,
    // 415 charset or encoding, 400 bad JSON): the client's fault, said as such.
    const status = statusOf(err)
    if (status < 500 && typeof err === 'object' && err !== null) {
      res.status(status).json({ error: clientFault(err, where, status) })
      return
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed')
    res.status(500).json({ error: `Internal error handling ${where}; the server log has the details.` })
  }
}
