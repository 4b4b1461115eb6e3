// Worker side of the engine pool: fits daily-peak series with its own copy
// of the augurs WASM backend. Receives batches of already-reduced series
// (90 numbers each, cheap to copy) and returns forecasts, fitted windows and
// back-tests; all plain data, so structured clone carries them.
import { parentPort } from 'node:worker_threads'
import { augursBackend } from './augurs-backend.ts'
import { runFitRequest, type FitRequest } from './fit-job.ts'

export type { FitJob, FitReply, FitRequest } from './fit-job.ts'

const backend = augursBackend()

parentPort?.on('message', (req: FitRequest) => {
  parentPort?.postMessage(runFitRequest(req, backend))
})
