// A scale estate anyone can generate: the example estate's applications,
// chains and load models copied region by region until it has exactly N
// metrics. Region 1 keeps the example's ids (so its scenarios, forecast
// CSVs and perf-test results stay valid); each further region gets a
// suffix and its own limits, scaled by a deterministic factor, so the RAG
// mix (green, amber, red, order late) is as varied as a real estate's.
// Pure: the parsed example in, plain YAML-ready objects out.

type Yaml = Record<string, unknown>

export interface ExampleEstateOptions {
  metrics: number
  /** Seed of the per-region limit factors. */
  seed?: number
}

export interface GeneratedEstate {
  estate: Yaml
  regions: number
  metrics: number
  applications: number
  chains: number
}

function list(v: unknown): Yaml[] {
  return Array.isArray(v) ? (v as Yaml[]) : []
}

/** Deterministic factor in [0.75, 1.6): most regions comfortable, some tight, a few over. */
function regionFactor(region: number, seed: number): number {
  const x = Math.sin((region + 1) * 12.9898 + seed * 78.233) * 43758.5453
  return 0.75 + (x - Math.floor(x)) * 0.85
}

function scaleLimits(metric: Yaml, factor: number): Yaml {
  const limits = list(metric.limits).map((l) => ({ ...l, value: Number(l.value) * factor }))
  return { ...metric, limits }
}

export function generateExampleEstate(example: Yaml, opts: ExampleEstateOptions): GeneratedEstate {
  if (!Number.isInteger(opts.metrics) || opts.metrics < 1)
    throw new Error(`--metrics must be a whole number >= 1; got ${opts.metrics}`)
  const seed = opts.seed ?? 1
  const apps = list(example.applications)
  const perRegion = apps.reduce((n, a) => n + list(a.metrics).length, 0)
  if (perRegion === 0) throw new Error('the example estate has no metrics to copy')
  const applications: Yaml[] = []
  const chains: Yaml[] = []
  let left = opts.metrics
  let region = 0
  while (left > 0) {
    const suffix = region === 0 ? '' : `-r${region + 1}`
    const factor = region === 0 ? 1 : regionFactor(region, seed)
    const kept = new Set<string>()
    for (const app of apps) {
      if (left <= 0) break
      const metrics = list(app.metrics)
        .slice(0, left)
        .map((m) => scaleLimits(m, factor))
      left -= metrics.length
      for (const m of metrics) kept.add(`${String(app.id)}/${String(m.id)}`)
      applications.push({
        ...app,
        id: `${String(app.id)}${suffix}`,
        name: region === 0 ? app.name : `${String(app.name)} (region ${region + 1})`,
        metrics,
      })
    }
    for (const chain of list(example.chains)) {
      const steps = list(chain.steps)
      if (!steps.every((s) => kept.has(`${String(s.app)}/${String(s.metric)}`))) continue
      chains.push({
        ...chain,
        id: `${String(chain.id)}${suffix}`,
        name: region === 0 ? chain.name : `${String(chain.name)} (region ${region + 1})`,
        steps: steps.map((s) => ({ ...s, app: `${String(s.app)}${suffix}` })),
      })
    }
    region++
  }
  return {
    estate: { ...example, name: `${String(example.name)} × ${region} regions (${opts.metrics} metrics)`, applications, chains },
    regions: region,
    metrics: opts.metrics,
    applications: applications.length,
    chains: chains.length,
  }
}
