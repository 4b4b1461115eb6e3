// A chain's headroom (spare fraction at its bottleneck step) below a
// fraction. One alert per chain; the bottleneck is named in the text, not the
// labels, so a bottleneck that moves does not end one alert and start another.
import { z } from 'zod'
import { formatNumber, formatPercent } from '../format.ts'
import type { Labels } from '../types.ts'
import { defineCondition, judgeBelow } from './types.ts'

const params = z.strictObject({
  below: z.number().gt(0, 'expected a fraction above 0').lte(1, 'expected a fraction of at most 1'),
})

export const chainHeadroomCondition = defineCondition({
  type: 'chain-headroom',
  description: 'A chain’s headroom (the spare fraction at its bottleneck step) below `below`.',
  variables: ['chain', 'chainName', 'headroom', 'threshold', 'bottleneck', 'spareTps'],
  selectors: ['chain', 'labels'],
  defaultHysteresis: 0.05,
  chainInhibitable: false,
  defaultSummary:
    'Chain {{ chainName }} has {{ headroom }} headroom left (threshold {{ threshold }}); bottleneck {{ bottleneck }}',
  params,
  evaluate(p, ctx, margin) {
    const names = new Map(
      ctx.snapshot.applications.flatMap((a) => a.metrics.map((m) => [`${m.app}/${m.metric}`, `${a.name} ${m.name}`])),
    )
    return ctx.snapshot.chains.map((chain) => {
      const step = chain.bottleneck === null ? undefined : chain.steps[chain.bottleneck]
      const labels: Labels = { chain: chain.id }
      const vars = {
        chain: chain.id,
        chainName: chain.name,
        headroom: formatPercent(chain.headroomFraction),
        threshold: formatPercent(p.below),
        bottleneck: step ? (names.get(`${step.app}/${step.metric}`) ?? `${step.app}/${step.metric}`) : 'unknown',
        spareTps: formatNumber(chain.spare),
      }
      const value = chain.headroomFraction
      return { labels, status: value === null ? 'unknown' : judgeBelow(value, p.below, margin), value, vars }
    })
  },
})
