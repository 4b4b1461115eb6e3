#!/usr/bin/env node
// `npm run dev`: the API server on :8080 and Vite's dev server (hot reload,
// proxying /api, /metrics and /socket.io to it), stopped together.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const children = [
  spawn(process.execPath, [join(root, 'scripts', 'headroom.mjs'), 'serve'], { stdio: 'inherit', cwd: root }),
  spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '--config', 'client/vite.config.ts'], {
    stdio: 'inherit',
    cwd: root,
  }),
]
const stop = () => children.forEach((c) => c.kill('SIGTERM'))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
children.forEach((c) =>
  c.on('exit', (code) => {
    if (code) {
      console.error(`dev: a process exited with ${code}`)
      stop()
    }
  }),
)
