// Silences, as Alertmanager has them: a set of label matchers, a time window,
// an author and a comment. A silenced alert is listed (marked silenced) but
// not sent to any notifier and not counted as an exception on the wall. Pure.
import type { Labels, Matcher, Silence } from './types.ts'

export function matcherMatches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? ''
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(v) : v === m.value
  return m.isEqual ? hit : !hit
}

export function silenceMatches(s: Silence, labels: Labels): boolean {
  return s.matchers.every((m) => matcherMatches(m, labels))
}

export function isSilenceActive(s: Silence, now: Date): boolean {
  const t = now.getTime()
  return Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt)
}

/** Ids of the silences active at `now` that match these labels. */
export function silencedBy(labels: Labels, silences: readonly Silence[], now: Date): string[] {
  return silences.filter((s) => isSilenceActive(s, now) && silenceMatches(s, labels)).map((s) => s.id)
}

/** Why these matchers cannot make a silence, or null. Like Alertmanager, one matcher must not match the empty string. */
export function matchersProblem(matchers: readonly Matcher[]): string | null {
  if (matchers.length === 0)
    return 'a silence needs at least one matcher, e.g. { name: "alertname", value: "CriticalUtilisation" }'
  for (const m of matchers) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.name)) return `matcher name "${m.name}" is not a label name`
    if (m.isRegex) {
      try {
        new RegExp(m.value)
      } catch (err) {
        return `matcher ${m.name}=~"${m.value}" is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`
      }
    }
  }
  if (matchers.every((m) => matcherMatches(m, {}))) {
    return 'every matcher also matches an empty label, so this silence would hide every alert; name at least one label value'
  }
  return null
}
