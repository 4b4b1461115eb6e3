// GET /api/chains and /api/chains/:id: each chain's capacity in chain
// transactions/s, its bottleneck, the next bottleneck after that upgrade,
// and when the chain first breaks.
import { Router } from 'express'
import { worstRag } from '../capacity/limits/rag.ts'
import type { ChainView, ChainsResponse } from '../views/responses.ts'
import { HttpError } from './errors.ts'
import { engineResult, type EngineApiDeps } from '../views/view-deps.ts'

function chainViews(deps: EngineApiDeps): { generatedAt: string; chains: ChainView[] } {
  const result = engineResult(deps)
  const estate = deps.estate()
  const metrics = new Map(result.metrics.map((m) => [m.key, m]))
  const live = new Map((deps.engine.baseSnapshot()?.chains ?? []).map((c) => [c.id, c]))
  const chains = result.chains.flatMap((c): ChainView[] => {
    const config = estate.chains.find((x) => x.id === c.chain)
    if (!config) return []
    let firstOrderBy: ChainView['firstOrderBy'] = null
    for (const s of config.steps) {
      const m = metrics.get(`${s.app}/${s.metric}`)
      if (m?.orderBy && (firstOrderBy === null || m.orderBy < firstOrderBy.date)) firstOrderBy = { key: m.key, date: m.orderBy }
    }
    const rag = worstRag([
      live.get(c.chain)?.rag ?? 'unknown',
      ...config.steps.map((s) => metrics.get(`${s.app}/${s.metric}`)?.rag ?? 'unknown'),
    ])
    return [{ ...c, id: c.chain, name: config.name, rag, firstOrderBy }]
  })
  return { generatedAt: result.generatedAt, chains }
}

export function createChainsRouter(deps: EngineApiDeps): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    const body: ChainsResponse = chainViews(deps)
    res.json(body)
  })
  router.get('/:id', (req, res) => {
    const { chains } = chainViews(deps)
    const chain = chains.find((c) => c.id === req.params.id)
    if (!chain)
      throw new HttpError(
        404,
        `id: unknown chain "${req.params.id}"; known: ${deps
          .estate()
          .chains.map((c) => c.id)
          .join(', ')}`,
      )
    res.json(chain)
  })
  return router
}
