// Store write failures come in two kinds, and the write pipeline treats them
// differently: a transient failure (store down, timeout, 5xx) keeps the batch
// and retries; a rejection (the store understood the points and refused them,
// e.g. older than the retention policy) would fail the same way forever, so
// retrying it would only block everything queued behind it.

export class StoreRejectedError extends Error {
  override readonly name = 'StoreRejectedError'
  /** How many points of the batch the store refused (the rest were stored), when the store says. */
  readonly rejectedCount: number | null
  constructor(message: string, rejectedCount: number | null = null) {
    super(message)
    this.rejectedCount = rejectedCount
  }
}

export function isStoreRejection(err: unknown): err is StoreRejectedError {
  return err instanceof StoreRejectedError
}
