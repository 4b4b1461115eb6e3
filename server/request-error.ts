// A request the server cannot answer as asked: the status code and a
// sentence a person can act on. Thrown by views and routers alike; the HTTP
// error middleware (http/errors.ts) turns it into `{ error }`, a socket
// handler into `{ ok: false, error }`.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}
