// Checks on estate.yaml `resilience:` the schema cannot express: which shape
// each group has (sites or nodes) and that it is used consistently, that every
// app/metric exists, that node shares add up to the whole, that sites measure
// the same unit, and that no metric sits in two groups (its N-1 figure would
// be ambiguous). Paths are from the file's root so the loader can give lines.
import type { Finding } from './estate-checks.ts'
import type { ReserveConfig, ResilienceGroupConfig } from './resilience-schema.ts'
import type { Estate, MetricConfig } from './schema.ts'

type Path = (string | number)[]

/** Shares may be written as 0.33 three times; this much off 1 is still "the whole". */
const SHARE_TOLERANCE = 0.011

function metricOf(estate: Estate, app: string, metric: string, path: Path, findings: Finding[]): MetricConfig | null {
  const a = estate.applications.find((x) => x.id === app)
  if (!a) {
    const known = estate.applications.map((x) => x.id).join(', ')
    findings.push({ path: [...path, 'app'], message: `unknown application "${app}"; known: ${known}` })
    return null
  }
  const m = a.metrics.find((x) => x.id === metric)
  if (!m) {
    const known = a.metrics.map((x) => x.id).join(', ')
    findings.push({ path: [...path, 'metric'], message: `application "${app}" has no metric "${metric}"; it has: ${known}` })
    return null
  }
  return m
}

function checkNodeGroup(estate: Estate, g: ResilienceGroupConfig, path: Path, findings: Finding[]): string[] {
  const keys = g.app && g.metric && metricOf(estate, g.app, g.metric, path, findings) ? [`${g.app}/${g.metric}`] : []
  const names = new Set<string>()
  g.units.forEach((u, i) => {
    const at = [...path, 'units', i]
    if (u.app !== undefined || u.metric !== undefined)
      findings.push({
        path: at,
        message: 'a node unit of a group that names its metric has a name and a share, not its own app/metric',
      })
    if (u.name === undefined) findings.push({ path: at, message: 'missing: expected the node name' })
    else if (names.has(u.name)) findings.push({ path: [...at, 'name'], message: `duplicate unit name "${u.name}"` })
    else names.add(u.name)
    if (u.share === undefined)
      findings.push({ path: at, message: 'missing: expected share, the fraction of the metric this node carries' })
  })
  const total = g.units.reduce((s, u) => s + (u.share ?? 0), 0)
  if (g.units.every((u) => u.share !== undefined) && Math.abs(total - 1) > SHARE_TOLERANCE)
    findings.push({
      path: [...path, 'units'],
      message: `the shares add up to ${Number(total.toFixed(3))}; expected 1 (the whole capacity)`,
    })
  return keys
}

function checkSiteGroup(estate: Estate, g: ResilienceGroupConfig, path: Path, findings: Finding[]): string[] {
  const keys: string[] = []
  const units = new Map<string, string>()
  g.units.forEach((u, i) => {
    const at = [...path, 'units', i]
    if (u.share !== undefined)
      findings.push({
        path: [...at, 'share'],
        message:
          'a site unit has its own app/metric and its capacity is that breakpoint; shares are for nodes of one metric (give the group app and metric)',
      })
    if (u.app === undefined || u.metric === undefined) {
      findings.push({
        path: at,
        message: 'missing: expected app and metric (the site), or give the group an app and metric and the units shares',
      })
      return
    }
    const m = metricOf(estate, u.app, u.metric, at, findings)
    if (!m) return
    const key = `${u.app}/${u.metric}`
    if (keys.includes(key)) {
      findings.push({ path: at, message: `${key} is already a unit of this group` })
      return
    }
    keys.push(key)
    units.set(key, m.unit)
  })
  const distinct = [...new Set(units.values())]
  if (distinct.length > 1)
    findings.push({
      path: [...path, 'units'],
      message: `the sites measure different units (${distinct.join(', ')}); one site must be able to carry another's load`,
    })
  return keys
}

function checkReserve(estate: Estate, r: ReserveConfig, path: Path, groups: ReadonlySet<string>, findings: Finding[]): void {
  const onMetric = r.app !== undefined || r.metric !== undefined
  if (onMetric === (r.group !== undefined)) {
    findings.push({
      path,
      message:
        'expected either app and metric (the metric the reserve could carry) or group (a resilience group), not both or neither',
    })
    return
  }
  if (r.group !== undefined) {
    if (!groups.has(r.group))
      findings.push({
        path: [...path, 'group'],
        message: `unknown resilience group "${r.group}"; known: ${[...groups].join(', ') || 'none'}`,
      })
    return
  }
  if (r.app === undefined || r.metric === undefined) {
    findings.push({ path, message: 'missing: expected both app and metric' })
    return
  }
  metricOf(estate, r.app, r.metric, path, findings)
}

export function checkResilience(estate: Estate): Finding[] {
  const findings: Finding[] = []
  const resilience = estate.resilience
  if (!resilience) return findings
  const owner = new Map<string, string>()
  const groupIds = new Set<string>()
  resilience.groups.forEach((g, i) => {
    const path: Path = ['resilience', 'groups', i]
    if (groupIds.has(g.id)) findings.push({ path: [...path, 'id'], message: `duplicate group id "${g.id}"` })
    groupIds.add(g.id)
    if ((g.app === undefined) !== (g.metric === undefined)) {
      findings.push({ path, message: 'a group of nodes names both app and metric; a group of sites names neither' })
      return
    }
    const keys = g.app === undefined ? checkSiteGroup(estate, g, path, findings) : checkNodeGroup(estate, g, path, findings)
    for (const key of keys) {
      const first = owner.get(key)
      if (first !== undefined)
        findings.push({ path, message: `${key} is already in group "${first}"; a metric can be in one group only` })
      else owner.set(key, g.id)
    }
  })
  const reserveIds = new Set<string>()
  resilience.reserves.forEach((r, i) => {
    const path: Path = ['resilience', 'reserves', i]
    if (reserveIds.has(r.id)) findings.push({ path: [...path, 'id'], message: `duplicate reserve id "${r.id}"` })
    reserveIds.add(r.id)
    checkReserve(estate, r, path, groupIds, findings)
  })
  return findings
}
