// Worker side of the engine pool: fits daily-peak series with its own copy
// of the augurs WASM backend. Receives batches of already-reduced series
// (90 numbers each, cheap to copy) and returns forecasts, fitted windows and
// back-tests; all plain data, so structured clone carries them.
import { parentPort } from 'node:worker_threads'
import { backtestOf, fitPeaks, type BacktestCarry } from '../capacity/forecast/series.ts'
import type { CachedSeries } from '../capacity/forecast/series-types.ts'
import { backtestModel, type ForecastOptions } from '../capacity/forecast/forecast.ts'
import { augursBackend } from './augurs-backend.ts'

export interface FitJob {
  key: string
  values: (number | null)[]
  lastDate: string | null
  /** The series' previous back-test, kept instead of re-run when still fresh. */
  carry: BacktestCarry | null
}

export interface FitRequest {
  batch: number
  options: ForecastOptions
  /** 0 skips the back-test. */
  backtestDays: number
  jobs: FitJob[]
}

export interface FitReply {
  batch: number
  results: ({ key: string } & Pick<CachedSeries, 'forecast' | 'fitted' | 'backtest' | 'backtestAsOf'>)[]
  error?: string
}

const backend = augursBackend()

parentPort?.on('message', (req: FitRequest) => {
  try {
    const results = req.jobs.map((job) => {
      const fit = fitPeaks(job, req.options, backend, false, job.carry)
      const carried = backtestOf(fit, job.carry)
      const scored =
        carried.backtest === null && fit.forecast.ok && req.backtestDays > 0
          ? {
              backtest: backtestModel(fit.fitted, fit.forecast.value.model, req.backtestDays, backend),
              backtestAsOf: fit.forecast.value.history.to,
            }
          : carried
      return { key: job.key, forecast: fit.forecast, fitted: fit.fitted, ...scored }
    })
    parentPort?.postMessage({ batch: req.batch, results } satisfies FitReply)
  } catch (err) {
    parentPort?.postMessage({
      batch: req.batch,
      results: [],
      error: err instanceof Error ? err.message : String(err),
    } satisfies FitReply)
  }
})
