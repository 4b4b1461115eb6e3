// A resilience group's headroom with its largest unit lost (N-1, issue 14)
// below a fraction: the estate would not survive losing that site or node at
// today's peak. One alert per group; the unit lost is in the text, not the
// labels, so a different unit becoming the largest does not restart the alert.
import { z } from 'zod'
import { formatNumber, formatPercent, textOr } from '../format.ts'
import { defineCondition, judgeBelow } from './types.ts'

const params = z.strictObject({
  /** Fire below this N-1 headroom fraction; 0 = when the survivors cannot carry today's peak. */
  below: z.number().gt(-1, 'expected a fraction above -1').lte(1, 'expected a fraction of at most 1'),
})

export const n1HeadroomCondition = defineCondition({
  type: 'n1-headroom',
  description:
    'A resilience group’s headroom with its largest unit lost (N-1, estate.yaml `resilience:`) below `below`; 0 fires when the survivors cannot carry today’s peak.',
  variables: ['group', 'groupName', 'headroom', 'threshold', 'lost', 'capacityLeft', 'load', 'unit', 'n1Breach'],
  selectors: ['labels'],
  defaultHysteresis: 0.03,
  chainInhibitable: false,
  defaultSummary:
    '{{ groupName }}: with {{ lost }} lost, {{ headroom }} headroom is left ({{ load }} of {{ capacityLeft }} {{ unit }}; threshold {{ threshold }}); N-1 breach {{ n1Breach }}',
  params,
  evaluate(p, ctx, margin) {
    return (ctx.snapshot.engine?.resilience.groups ?? []).map((g) => {
      const value = g.n1.headroomFraction
      return {
        labels: { group: g.id },
        status: value === null ? 'unknown' : judgeBelow(value, p.below, margin),
        value,
        vars: () => ({
          group: g.id,
          groupName: g.name,
          headroom: formatPercent(value),
          threshold: formatPercent(p.below),
          lost: g.n1.lost,
          capacityLeft: formatNumber(g.n1.capacity),
          load: formatNumber(g.n1.load),
          unit: g.unit,
          n1Breach: textOr(g.p90Breach?.date, 'none within the horizon'),
        }),
      }
    })
  },
})
