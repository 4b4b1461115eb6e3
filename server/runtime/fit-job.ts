// One batch of daily-peak series fitted with the engine's own per-series
// functions (fitPeaks, reusableBacktest, backtestModel): the work a fit
// worker thread (fit-worker.ts) or a bullmq worker process
// (cluster/fit-queue.ts) does. Plain data in and out, so it crosses
// structured clone and JSON alike; a new model portfolio behind fitPeaks()
// changes nothing here.
import { backtestOf, fitPeaks, type BacktestCarry } from '../capacity/forecast/series.ts'
import type { CachedSeries } from '../capacity/forecast/series-types.ts'
import { backtestModel, type ForecastOptions } from '../capacity/forecast/forecast.ts'
import type { ForecastBackend } from '../capacity/forecast/types.ts'
import type { Bounds } from '../capacity/forecast/selection/variants.ts'

export interface FitJob {
  key: string
  values: readonly (number | null)[]
  lastDate: string | null
  /** The series' previous back-test, kept instead of re-run when still fresh. */
  carry: BacktestCarry | null
  /** The metric's own forecast bounds, when not the default (see engine.ts forecastBounds). */
  bounds?: Bounds
}

export interface FitRequest {
  batch: number
  options: ForecastOptions
  /** 0 skips the back-test. */
  backtestDays: number
  jobs: FitJob[]
}

export type FitResult = { key: string } & Pick<CachedSeries, 'forecast' | 'fitted' | 'backtest' | 'backtestAsOf'>

export interface FitReply {
  batch: number
  results: FitResult[]
  error?: string
}

export function runFitJob(job: FitJob, req: Pick<FitRequest, 'options' | 'backtestDays'>, backend: ForecastBackend): FitResult {
  const options = job.bounds ? { ...req.options, bounds: job.bounds } : req.options
  const fit = fitPeaks(job, options, backend, false, job.carry)
  const carried = backtestOf(fit, job.carry)
  const scored =
    carried.backtest === null && fit.forecast.ok && req.backtestDays > 0
      ? {
          backtest: backtestModel(fit.fitted, fit.forecast.value.model, req.backtestDays, backend),
          backtestAsOf: fit.forecast.value.history.to,
        }
      : carried
  return { key: job.key, forecast: fit.forecast, fitted: fit.fitted, ...scored }
}

/** A whole request; an error is returned in the reply (the caller decides to retry), never thrown. */
export function runFitRequest(req: FitRequest, backend: ForecastBackend): FitReply {
  try {
    return { batch: req.batch, results: req.jobs.map((job) => runFitJob(job, req, backend)) }
  } catch (err) {
    return { batch: req.batch, results: [], error: err instanceof Error ? err.message : String(err) }
  }
}
