// The what-if editor's form state and the scenario it stands for. The URL
// and the server speak the config's own shape (ScenarioInput, as in
// scenarios.yaml); the form speaks percentages and one row per loss or
// upgrade. Converting is all this file does: no capacity maths.
import type { ScenarioInput } from '../../server/views/responses.ts'

export interface LossRow {
  app: string
  /** '' = every metric of the application (a whole node or site). */
  metric: string
  /** Share of capacity lost, in per cent (100 = the site is down). */
  percent: number
  note: string
}

export interface UpgradeRow {
  /** 'app/metric' */
  key: string
  upgrade: string
  from: string
}

export interface WhatIfDraft {
  name: string
  description: string
  /** Lasting multiplier per driver; 1 = unchanged. */
  multipliers: Record<string, number>
  /** Growth per month per driver, in per cent; 0 = unchanged. */
  growthPercent: Record<string, number>
  spike: { drivers: string[]; factor: number; hours: number } | null
  losses: LossRow[]
  upgrades: UpgradeRow[]
}

export function emptyDraft(): WhatIfDraft {
  return { name: 'What-if', description: '', multipliers: {}, growthPercent: {}, spike: null, losses: [], upgrades: [] }
}

/** "Installs x3, North down!" -> "installs-x3-north-down" (the config's id rule). */
export function idFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug === '' ? 'what-if' : slug
}

const round = (n: number, digits = 6): number => Number(n.toFixed(digits))

export function draftToScenario(d: WhatIfDraft): ScenarioInput {
  const multipliers = Object.fromEntries(Object.entries(d.multipliers).filter(([, m]) => m !== 1 && Number.isFinite(m)))
  const growthPerMonth = Object.fromEntries(
    Object.entries(d.growthPercent)
      .filter(([, g]) => g !== 0 && Number.isFinite(g))
      .map(([k, g]) => [k, round(g / 100)]),
  )
  const out: ScenarioInput = { id: idFromName(d.name), name: d.name.trim() || 'What-if' }
  if (d.description.trim()) out.description = d.description.trim()
  if (Object.keys(multipliers).length > 0) out.multipliers = multipliers
  if (Object.keys(growthPerMonth).length > 0) out.growthPerMonth = growthPerMonth
  if (d.spike) out.spike = { ...d.spike, drivers: [...d.spike.drivers] }
  if (d.losses.length > 0)
    out.capacityLoss = d.losses.map((l) => ({
      app: l.app,
      ...(l.metric ? { metric: l.metric } : {}),
      fraction: round(l.percent / 100),
      ...(l.note.trim() ? { note: l.note.trim() } : {}),
    }))
  if (d.upgrades.length > 0)
    out.upgrades = d.upgrades.map((u) => {
      const [app = '', metric = ''] = u.key.split('/')
      return { app, metric, upgrade: u.upgrade, from: u.from }
    })
  return out
}

export function scenarioToDraft(s: ScenarioInput): WhatIfDraft {
  return {
    name: s.name,
    description: s.description ?? '',
    multipliers: { ...(s.multipliers ?? {}) },
    growthPercent: Object.fromEntries(Object.entries(s.growthPerMonth ?? {}).map(([k, g]) => [k, round(g * 100, 4)])),
    spike: s.spike ? { drivers: [...s.spike.drivers], factor: s.spike.factor, hours: s.spike.hours } : null,
    losses: (s.capacityLoss ?? []).map((l) => ({
      app: l.app,
      metric: l.metric ?? '',
      percent: round(l.fraction * 100, 4),
      note: l.note ?? '',
    })),
    upgrades: (s.upgrades ?? []).map((u) => ({
      key: `${u.app}/${u.metric}`,
      upgrade: u.upgrade,
      from: typeof u.from === 'string' ? u.from : u.from.toISOString().slice(0, 10),
    })),
  }
}

/** The scenario in a URL query value, and back; null when the value is not a scenario. */
export function encodeScenario(s: ScenarioInput): string {
  return JSON.stringify(s)
}

export function decodeScenario(raw: unknown): ScenarioInput | null {
  if (typeof raw !== 'string' || raw === '') return null
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
    const v = value as Record<string, unknown>
    return typeof v.name === 'string' && typeof v.id === 'string' ? (value as ScenarioInput) : null
  } catch {
    return null
  }
}
