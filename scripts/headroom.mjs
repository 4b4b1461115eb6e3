#!/usr/bin/env node
// The `headroom` command. It runs the TypeScript sources through tsx so that
// a fresh clone needs no separate compile step: `npm ci && npm start`.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/main.ts')
process.exitCode = await main(process.argv.slice(2))
