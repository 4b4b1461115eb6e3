// The rules an estate gets when it has no alerts.yaml (or one without
// `groups:`), so a new user sees alerts without writing any: an order-by
// date reached, critical utilisation, a collector down, a series gone quiet.
// Written in the file's own shape and compiled by the same code, so the
// defaults can be copied into alerts.yaml as a starting point.

export const DEFAULT_GROUPS: unknown[] = [
  {
    name: 'headroom-defaults',
    rules: [
      {
        alert: 'OrderByDateReached',
        condition: { type: 'breach-inside-lead-time', withinDays: 0 },
        for: '10m',
        labels: { severity: 'critical' },
        annotations: {
          description:
            'The pessimistic forecast reaches the breakpoint before an upgrade ordered today could be live. {{ reason }}',
        },
      },
      {
        alert: 'CriticalUtilisation',
        condition: { type: 'utilisation', measure: 'peak', above: 'critical' },
        for: '5m',
        labels: { severity: 'critical' },
      },
      {
        alert: 'CollectorDown',
        condition: { type: 'collector-down', failures: 3 },
        labels: { severity: 'warning' },
      },
      {
        alert: 'SeriesStale',
        condition: { type: 'series-stale' },
        for: '5m',
        labels: { severity: 'warning' },
      },
    ],
  },
]
