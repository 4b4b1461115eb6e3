// Loads the @bsull/augurs WASM modules once and adapts them to the engine's
// ForecastBackend. This is the only place that touches the file system for
// forecasting, so server/capacity/ stays pure and tests can pass the real backend.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as changepointWasm from '@bsull/augurs/changepoint'
import * as etsWasm from '@bsull/augurs/ets'
import * as mstlWasm from '@bsull/augurs/mstl'
import * as seasonsWasm from '@bsull/augurs/seasons'
import type { BackendForecast, ForecastBackend } from '../capacity/forecast/types.ts'

let backend: ForecastBackend | null = null

function packageDir(): string {
  // The package exports map hides package.json, so resolve the main entry instead.
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('@bsull/augurs'))
}

function init(dir: string, file: string, initSync: (m: { module: Buffer }) => unknown): void {
  initSync({ module: readFileSync(join(dir, file)) })
}

function toBand(f: { point: number[]; intervals?: { lower: number[]; upper: number[] } | undefined }): BackendForecast {
  return f.intervals
    ? { point: Array.from(f.point), lower: Array.from(f.intervals.lower), upper: Array.from(f.intervals.upper) }
    : { point: Array.from(f.point) }
}

/** The real backend; WASM is compiled on the first call and reused afterwards. */
export function augursBackend(): ForecastBackend {
  if (backend) return backend
  const dir = packageDir()
  init(dir, 'mstl_bg.wasm', mstlWasm.initSync)
  init(dir, 'ets_bg.wasm', etsWasm.initSync)
  init(dir, 'changepoint_bg.wasm', changepointWasm.initSync)
  init(dir, 'seasons_bg.wasm', seasonsWasm.initSync)
  backend = {
    mstl(values, periods, horizon, level) {
      const model = mstlWasm.MSTL.ets(Uint32Array.from(periods))
      try {
        model.fit(Float64Array.from(values))
        return toBand(model.predict(horizon, level))
      } finally {
        model.free()
      }
    },
    ets(values, horizon, level) {
      const model = new etsWasm.AutoETS(1, 'ZZN')
      try {
        model.fit(Float64Array.from(values))
        return toBand(model.predict(horizon, level))
      } finally {
        model.free()
      }
    },
    changepoints(values) {
      const detector = changepointWasm.ChangepointDetector.normalGamma()
      try {
        return Array.from(detector.detectChangepoints(Float64Array.from(values)).indices)
      } finally {
        detector.free()
      }
    },
    seasonalities(values, minPeriod, maxPeriod) {
      return Array.from(seasonsWasm.seasonalities(Float64Array.from(values), { minPeriod, maxPeriod, threshold: undefined }))
    },
  }
  return backend
}
