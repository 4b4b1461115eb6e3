// MSTL decomposition with an AutoETS trend from @bsull/augurs (the engine's
// previous only model), or plain AutoETS when no season was found. The
// AutoETS search may pick an undamped trend; the trend policy damps or
// flattens it like every other candidate's.
import { finiteOrNull, type CandidateModel } from './model-types.ts'

export const mstlEtsModel: CandidateModel = {
  name: 'mstl-ets',
  fit: ({ values, horizon, period, backend }) => {
    try {
      const f = period ? backend.mstl(values, [period], horizon, 0.8) : backend.ets(values, horizon, 0.8)
      return finiteOrNull(f.point)
    } catch {
      // A WASM fit error (too short, degenerate) removes the candidate, not the forecast.
      return null
    }
  },
}
