// "Same as last week": the baseline every other candidate must beat, and the
// answer when none does. Repeats the last 7 (winsorised) days whatever the
// seasonality test said, as the MASE scale it is judged by does.
import { seasonalNaive } from '../backtest.ts'
import type { CandidateModel } from './model-types.ts'

export const seasonalNaiveModel: CandidateModel = {
  name: 'seasonal-naive',
  fit: ({ values, horizon }) => (values.length < 7 ? null : seasonalNaive(values, 7, horizon)),
}
