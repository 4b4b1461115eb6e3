// A real in-process server for the collectors and imports API tests: the
// example estate, a temp data dir, a viewer and an operator token, and a
// collectors.yaml of the test's own (the simulator plus whatever the test adds).
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../../server/app.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'

export const VIEWER = 'viewer-token-for-tests'
export const OPERATOR = 'operator-token-for-tests'

export interface Booted {
  server: RunningServer
  dispose(): Promise<void>
  get(path: string, token?: string): Promise<Response>
  post(path: string, token: string, body?: string | Uint8Array, headers?: Record<string, string>): Promise<Response>
}

export async function bootWithCollectors(collectorsYaml: string, env: Record<string, string> = {}): Promise<Booted> {
  const root = await mkdtemp(join(tmpdir(), 'headroom-collectors-'))
  const configDir = join(root, 'config')
  await cp(join(import.meta.dirname, '..', '..', 'config'), configDir, { recursive: true })
  await writeFile(join(configDir, 'collectors.yaml'), collectorsYaml)
  const settings = readSettings({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_DATA_DIR: join(root, 'data'),
    HEADROOM_CONFIG_DIR: configDir,
    HEADROOM_BACKFILL_DAYS: '0',
    HEADROOM_VIEWER_TOKEN: VIEWER,
    HEADROOM_OPERATOR_TOKEN: OPERATOR,
    ...env,
  })
  const server = await startServer(settings, createLogger('silent'))
  const auth = (token: string | undefined): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {})
  return {
    server,
    async dispose() {
      await server.close()
      await rm(root, { recursive: true, force: true })
    },
    get: (path, token = VIEWER) => fetch(server.url + path, { headers: auth(token) }),
    post: (path, token, body, headers = {}) =>
      fetch(server.url + path, {
        method: 'POST',
        headers: { ...auth(token), ...headers },
        ...(body !== undefined ? { body } : {}),
      }),
  }
}

/** The simulator with a slow schedule, so only the test's own runs happen. */
export const simOnly = `collectors:
  - id: sim
    type: simulator
    schedule: "0 0 * * * *"
    timeout: 10s
    config:
      seed: test
`
