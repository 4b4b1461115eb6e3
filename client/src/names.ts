// Display names for 'app/metric' pairs, looked up in the snapshot so every
// page words a metric the same way ("SM2M platform · Messages processed").
/** What naming needs of an application: the live tile's names, or its watched metrics. */
export interface NamedApplication {
  id: string
  name: string
  names?: Record<string, string>
  metrics: readonly { metric: string; name: string }[]
}
type Named = NamedApplication

/** A metric's display name: from the live tile's names (every application), else its watched status, else its id. */
export function metricName(a: Named | undefined, metric: string): string {
  return a?.names?.[metric] ?? a?.metrics.find((x) => x.metric === metric)?.name ?? metric
}

export function metricLabel(applications: readonly Named[], app: string, metric: string): string {
  const a = applications.find((x) => x.id === app)
  return `${a?.name ?? app} · ${metricName(a, metric)}`
}

/** Same, from an engine key 'app/metric'. */
export function keyLabel(applications: readonly Named[], key: string | null): string {
  if (key === null) return '—'
  const slash = key.indexOf('/')
  return slash < 0 ? key : metricLabel(applications, key.slice(0, slash), key.slice(slash + 1))
}

/** Index of the step 'app/metric' in a chain's steps, or null. */
export function stepIndex(steps: readonly { app: string; metric: string }[], key: string | null | undefined): number | null {
  if (!key) return null
  const i = steps.findIndex((s) => `${s.app}/${s.metric}` === key)
  return i < 0 ? null : i
}

/**
 * A link the browser follows itself (CSV/JSON downloads) cannot send the
 * Authorization header, so the token rides in the URL; the client only
 * ever holds display tokens, the one kind the server accepts there.
 */
export function downloadUrl(path: string, token: string | null): string {
  if (!token) return path
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`
}
