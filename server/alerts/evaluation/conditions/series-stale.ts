// A series that has had no sample for more than `intervals` of its own
// interval (inferred from its recent spacing, see capacity/limits/staleness.ts):
// its collector's mapping or target is wrong even if the collector says ok.
import { z } from 'zod'
import { DEFAULT_STALE_INTERVALS } from '../../../capacity/limits/staleness.ts'
import { formatDuration } from '../duration.ts'
import { formatNumber } from '../format.ts'
import { eachMetric, METRIC_VARIABLES, metricLabels, metricVars } from './metric-vars.ts'
import { defineCondition } from './types.ts'

const params = z.strictObject({
  /** Default: the estate's defaults.staleIntervals (3). */
  intervals: z.number().positive().optional(),
})

export const seriesStaleCondition = defineCondition({
  type: 'series-stale',
  description: 'No sample for more than `intervals` (default: the estate’s staleIntervals) of the series’ own interval.',
  variables: [...METRIC_VARIABLES, 'age', 'interval', 'intervals'],
  selectors: ['app', 'metric', 'kind', 'chain', 'labels'],
  defaultHysteresis: 0,
  chainInhibitable: false,
  defaultSummary: '{{ appName }} {{ metricName }} has had no sample for {{ age }} (expected every {{ interval }})',
  params,
  evaluate(p, ctx, margin) {
    const configured = ctx.estate.defaults.staleIntervals ?? DEFAULT_STALE_INTERVALS
    const limit = p.intervals ?? configured
    return eachMetric(ctx, (entry) => {
      const m = entry.metric
      const labels = metricLabels(entry)
      // staleAfterSeconds is staleIntervals × the inferred interval.
      const intervalS = m.staleAfterSeconds === null ? null : m.staleAfterSeconds / configured
      const ageS = m.at === null ? null : Math.max(0, (ctx.now.getTime() - Date.parse(m.at)) / 1000)
      const vars = () => ({
        ...metricVars(entry),
        age: ageS === null ? 'ever' : formatDuration(ageS * 1000),
        interval: intervalS === null ? 'unknown' : formatDuration(intervalS * 1000),
        intervals: formatNumber(limit),
      })
      // Never sampled or no known cadence: nothing to judge by.
      if (ageS === null || intervalS === null || intervalS <= 0) return { labels, status: 'unknown', value: null, vars }
      const ages = ageS / intervalS
      // "More than N intervals": exactly N is still on time.
      const status = ages > limit ? 'firing' : ages > limit - margin ? 'holding' : 'clear'
      return { labels, status, value: ages, vars }
    })
  },
})
