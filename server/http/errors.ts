// One error shape for every HTTP failure: a status code and { error } with a
// sentence a person can act on.
import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { Logger } from '../log.ts'
import { HttpError } from '../request-error.ts'

export { HttpError }

export function apiNotFound(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: `No API route ${req.method} ${req.originalUrl.split('?')[0]}.` })
  }
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    void _next
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.message })
      return
    }
    // body-parser errors carry a status (413 too large, 400 bad JSON).
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 500
    if (status === 413) {
      res.status(413).json({ error: `Request body of ${req.method} ${req.path} is larger than the server accepts.` })
      return
    }
    if (status === 400) {
      res.status(400).json({ error: `Request body of ${req.method} ${req.path} is not valid JSON.` })
      return
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed')
    res.status(500).json({ error: `Internal error handling ${req.method} ${req.path}; the server log has the details.` })
  }
}
