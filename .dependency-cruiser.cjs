// The server's layers, lowest first. A module may import its own layer or a
// lower one, never a higher one, and nothing may import in a circle.
// tests/architecture/layers.test.ts runs these rules, so CI fails when they
// break. server/README.md draws the same picture.
//
//   0 capacity   the pure engine: config + series + now -> results;
//                and the pure alert evaluation (rules, lifecycle, silences)
//   1 base       config, store, security, log, settings, request errors
//   2 services   ingest, imports, collection, runtime (runs the engine),
//                cluster (Redis scale-out), the alert service and its notifiers, metrics
//   3 views      what a page or API answer reads: engine result + history
//   4 edges      http routers, live socket handlers
//   5 wiring     core, routes, app, main, cli
const layers = [
  { name: 'capacity', path: '^server/(capacity|alerts/evaluation)/' },
  {
    name: 'base',
    path: '^server/(config|store|security)/|^server/(log|settings|request-error|turns)\\.ts$',
  },
  {
    name: 'services',
    path: '^server/(ingest|imports|collection|runtime|cluster)/|^server/alerts/(notifiers/|[^/]+\\.ts$)|^server/metrics(-alerts|-plan|-units)?\\.ts$',
  },
  { name: 'views', path: '^server/views/' },
  { name: 'edges', path: '^server/(http|live)/' },
  { name: 'wiring', path: '^server/(cli/|(core|routes|app|main|client-build)\\.ts$)' },
]

// The config schemas are pure (zod shapes): the engine takes config as values of these types.
const schemas = '^server/config/(schema|engine-schema)\\.ts$'

const upward = layers.slice(0, -1).map((layer, i) => ({
  name: `${layer.name}-imports-no-higher-layer`,
  comment: `${layer.name} (layer ${i}) may import layers 0..${i} only`,
  severity: 'error',
  from: { path: layer.path },
  to: {
    path: layers
      .slice(i + 1)
      .map((l) => l.path)
      .join('|'),
    pathNot: schemas,
  },
}))

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import circle makes two modules one; split out what they share',
      severity: 'error',
      from: { path: '^(server|collectors)/' },
      to: { circular: true },
    },
    {
      name: 'capacity-is-pure',
      comment:
        'server/capacity is pure functions of config, series and now: no node built-ins (fs, net, timers), no framework, store or network client',
      severity: 'error',
      from: { path: '^server/capacity/' },
      to: {
        dependencyTypesNot: ['local'],
        pathNot: '^(node_modules/)?(zod|csv-parse)(/|$)',
      },
    },
    {
      name: 'capacity-reads-only-config-schemas',
      comment: 'the engine gets config as values; it may use the schema types, never the loader (fs)',
      severity: 'error',
      from: { path: '^server/capacity/' },
      to: { path: '^server/', pathNot: `^server/capacity/|${schemas}` },
    },
    {
      name: 'alert-evaluation-is-pure',
      comment:
        'server/alerts/evaluation judges rules over the snapshot at an explicit now: no node built-ins, timers, store or network; the service owns those',
      severity: 'error',
      from: { path: '^server/alerts/evaluation/' },
      to: { dependencyTypesNot: ['local'], pathNot: '^(node_modules/)?zod(/|$)' },
    },
    {
      name: 'alert-evaluation-reads-only-config-schemas',
      comment: 'alert evaluation gets config as values; it may use the estate schema types and the pure engine, never the loader',
      severity: 'error',
      from: { path: '^server/alerts/evaluation/' },
      to: { path: '^server/', pathNot: `^server/(capacity|alerts/evaluation)/|${schemas}` },
    },
    {
      name: 'collectors-see-no-server-internals',
      comment:
        'plugins gather into an accumulator; the server owns store, ingest and engine. Besides the config schema, they may use the two leaf text helpers every error message passes through: redaction of secrets and the wording of config problems',
      severity: 'error',
      from: { path: '^collectors/' },
      to: {
        path: '^server/',
        pathNot: '^server/config/(schema|issue-text)\\.ts$|^server/security/redact\\.ts$',
      },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
}
