#!/usr/bin/env node
// Runs one TypeScript entry point (benchmarks, one-off scripts) through tsx.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

register()
const entry = process.argv[2]
if (!entry) {
  console.error('usage: node scripts/headroom-ts.mjs FILE.ts [args...]')
  process.exit(2)
}
await import(pathToFileURL(resolve(entry)).href)
