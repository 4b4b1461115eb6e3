// The route table read from the express app itself (router 2.x layers), with
// the access decision each route carries (access.ts). The role matrix test
// walks it, so the table can never drift from what the server serves.
import type { Express } from 'express'
import { accessOf, type AccessDecision } from './access.ts'

export interface RouteEntry {
  method: string
  /** Express path pattern, e.g. /api/collectors/:id/run (a RegExp as its source). */
  path: string
  decision: AccessDecision | null
  /** Where the decision came from: the route's own handlers, or a middleware on its mount path. */
  decidedBy: 'route' | 'mount' | null
}

interface Layer {
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack: { handle: unknown; method?: string }[] }
  handle: { stack?: Layer[] } & object
  rawPath?: string | RegExp | (string | RegExp)[]
}

function joinPath(prefix: string, path: string | RegExp): string {
  const p = path instanceof RegExp ? `(regex ${path.source})` : path
  if (p === '/' || p === '') return prefix || '/'
  return `${prefix.replace(/\/$/, '')}${p.startsWith('/') ? p : `/${p}`}`
}

function pathsOf(layer: Layer): (string | RegExp)[] {
  const raw = layer.rawPath
  if (raw === undefined) return ['/']
  return Array.isArray(raw) ? raw : [raw]
}

function covers(markerPath: string, path: string): boolean {
  if (markerPath === '/' || markerPath === '') return true
  return path === markerPath || path.startsWith(`${markerPath.replace(/\/$/, '')}/`)
}

function walk(stack: Layer[], prefix: string, inherited: { path: string; decision: AccessDecision }[], out: RouteEntry[]): void {
  // Middleware with a decision applies to the layers after it on its path (app.use('/api/x', allowRead(), router)).
  const markers = [...inherited]
  for (const layer of stack) {
    for (const raw of pathsOf(layer)) {
      const path = joinPath(prefix, raw)
      if (layer.route) {
        const own = layer.route.stack.map((l) => accessOf(l.handle)).filter((d): d is AccessDecision => d !== null)
        const mounted = [...markers].reverse().find((m) => covers(m.path, path))
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
          const decision = own.at(-1) ?? mounted?.decision ?? null
          out.push({
            method: method.toUpperCase(),
            path,
            decision,
            decidedBy: own.length > 0 ? 'route' : mounted ? 'mount' : null,
          })
        }
      } else if (Array.isArray(layer.handle.stack)) {
        walk(
          layer.handle.stack,
          path,
          markers.filter((m) => covers(m.path, path)),
          out,
        )
      } else {
        const decision = accessOf(layer.handle)
        if (decision) markers.push({ path, decision })
      }
    }
  }
}

export function listRoutes(app: Express): RouteEntry[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router
  const out: RouteEntry[] = []
  walk(router.stack, '', [], out)
  return out
}

/** Routes without a decision, or a non-GET whose decision is inherited from its mount or lets readers in without saying why. */
export function routesMissingDecision(routes: readonly RouteEntry[]): string[] {
  const problems: string[] = []
  for (const r of routes) {
    const where = `${r.method} ${r.path}`
    const reads = r.method === 'GET' || r.method === 'HEAD'
    if (!r.decision) problems.push(`${where}: no access decision (add allowRead(), requireRole(...) or publicRoute(why))`)
    else if (!reads && r.decidedBy !== 'route')
      problems.push(`${where}: a non-GET route needs its own decision, not its router's`)
    else if (!reads && (r.decision.access === 'read' || r.decision.access === 'public') && !r.decision.why)
      problems.push(`${where}: lets ${r.decision.access === 'read' ? 'readers' : 'anyone'} change state? say why in the decision`)
    else if (r.decision.access === 'public' && !r.decision.why) problems.push(`${where}: a public route must say why`)
  }
  return problems
}
