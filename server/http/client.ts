// Serves the built Vue client with a fallback to index.html for client-side
// routes (/apps/ggsn-north, /wall ...).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { Router } from 'express'

export function createClientRouter(distDir: string): Router {
  const router = Router()
  const index = join(distDir, 'index.html')
  router.use(express.static(distDir, { index: false, maxAge: '1h', immutable: false }))
  router.get(/.*/, (_req, res) => {
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text')
        .send('The web client is not built. Run `npm run build` (npm start does it for you), then reload.')
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(index)
  })
  return router
}
