// The what-if editor's routes through a real server (example estate, its
// simulator, a temp copy of config/ so saves land there): operators run and
// get YAML for a scenario composed ad hoc, admins save it into
// scenarios.yaml; the same mistake gets the same message as in the file.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { scenarioSchema } from '../../server/config/engine-schema.ts'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError } from '../../server/config/problems.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import type {
  ScenarioProblemsResponse,
  ScenarioRunResponse,
  ScenarioSaveResponse,
  ScenariosResponse,
  WhatIfYamlResponse,
} from '../../server/views/responses.ts'
import { waitFor } from '../support/services.ts'

const VIEWER = 'what-if-viewer'
const OPERATOR = 'what-if-operator'
const ADMIN = 'what-if-admin'
let server: RunningServer
let dir: string

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** Installs ×3 for two hours at the peak, GGSN North down: built by hand, as the editor sends it. */
const northLost = {
  id: 'adhoc-north-lost',
  name: 'Ad hoc: installs x3, North lost',
  spike: { drivers: ['installs'], factor: 3, hours: 2 },
  capacityLoss: [{ app: 'ggsn-north', fraction: 1 }],
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-what-if-'))
  await cp(join(import.meta.dirname, '..', '..', 'config'), join(dir, 'config'), { recursive: true })
  const settings = readSettings({
    HEADROOM_PORT: '0',
    HEADROOM_HOST: '127.0.0.1',
    HEADROOM_DATA_DIR: join(dir, 'data'),
    HEADROOM_CONFIG_DIR: join(dir, 'config'),
    HEADROOM_BACKFILL_DAYS: '2',
    HEADROOM_VIEWER_TOKEN: VIEWER,
    HEADROOM_OPERATOR_TOKEN: OPERATOR,
    HEADROOM_ADMIN_TOKEN: ADMIN,
  })
  server = await startServer(settings, createLogger('silent'))
  await waitFor(
    'the first engine run',
    async () => (await call('POST', '/api/scenarios/what-if', OPERATOR, { scenario: northLost })).status === 200,
    60_000,
  )
}, 90_000)

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('POST /api/scenarios/what-if', () => {
  it('answers 403 naming the operator role when a viewer runs a what-if', async () => {
    const res = await call('POST', '/api/scenarios/what-if', VIEWER, { scenario: northLost })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toContain('needs the operator role')
  })

  it('breaks the same metrics in the same order as the equivalent saved scenario when run by an operator', async () => {
    const adhoc = (await (
      await call('POST', '/api/scenarios/what-if', OPERATOR, { scenario: northLost })
    ).json()) as ScenarioRunResponse
    const saved = (await (
      await call('POST', '/api/scenarios/installs-x3-ggsn-north-lost/run', VIEWER)
    ).json()) as ScenarioRunResponse
    const keys = (r: ScenarioRunResponse) => r.breaking.map((m) => `${m.app}/${m.metric}`)
    expect(keys(adhoc).length).toBeGreaterThan(0)
    expect(keys(adhoc)).toEqual(keys(saved))
    expect(adhoc.metrics.find((m) => m.app === 'ggsn-north')?.capacity).toBe(0)
    expect(adhoc.chains.every((c) => 'firstBreach' in c && 'baselineFirstBreach' in c)).toBe(true)
  })

  it('names every problem with the field path and the message the config loader gives for the same mistake', async () => {
    const bad = { ...northLost, spike: { drivers: ['installs'], factor: -3, hours: 2 }, multipliers: { installz: 2 } }
    const res = await call('POST', '/api/scenarios/what-if', OPERATOR, { scenario: bad })
    expect(res.status).toBe(400)
    const body = (await res.json()) as ScenarioProblemsResponse
    expect(body.problems.map((p) => p.path)).toEqual(['spike.factor'])
    // The same mistake in scenarios.yaml, through the real loader.
    const configDir = join(dir, 'bad-config')
    await cp(join(dir, 'config'), configDir, { recursive: true })
    await writeFile(
      join(configDir, 'scenarios.yaml'),
      `scenarios:\n  - id: x\n    name: x\n    spike: { drivers: [installs], factor: -3, hours: 2 }\n`,
    )
    const fileError = await loadConfig(configDir).then(
      () => null,
      (err: unknown) => (err instanceof ConfigError ? err.problems[0] : null),
    )
    expect(fileError?.path).toBe('scenarios[0].spike.factor')
    expect(body.problems[0]?.message).toBe(fileError?.message)
    expect(body.error).toBe(`1 problem in the scenario: scenario.spike.factor: ${fileError?.message}`)
    // Estate checks (an unknown driver) come after the schema is satisfied, worded as in the file.
    const unknown = await call('POST', '/api/scenarios/what-if', OPERATOR, {
      scenario: { ...northLost, multipliers: { installz: 2 } },
    })
    const unknownBody = (await unknown.json()) as ScenarioProblemsResponse
    expect(unknownBody.problems).toEqual([
      { path: 'multipliers.installz', message: 'unknown driver "installz"; known: installs, active-hubs, firmware-pushes' },
    ])
  })

  it('POST /api/scenarios/what-if/yaml gives a block that parses back to the same scenario', async () => {
    const res = await call('POST', '/api/scenarios/what-if/yaml', OPERATOR, { scenario: northLost })
    const body = (await res.json()) as WhatIfYamlResponse
    expect(body.yaml.startsWith('  - id: adhoc-north-lost\n')).toBe(true)
    const parsed = parseYaml(`scenarios:\n${body.yaml}\n`) as { scenarios: unknown[] }
    expect(scenarioSchema.parse(parsed.scenarios[0])).toEqual(scenarioSchema.parse(northLost))
  })
})

describe('PUT /api/scenarios/:id', () => {
  it('answers 403 naming the admin role when an operator saves', async () => {
    const res = await call('PUT', `/api/scenarios/${northLost.id}`, OPERATOR, { scenario: northLost })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toContain('needs the admin role')
  })

  it('writes the scenario into scenarios.yaml, keeps the comments and lists it after the reload when an admin saves', async () => {
    const path = join(dir, 'config', 'scenarios.yaml')
    const before = await readFile(path, 'utf8')
    const res = await call('PUT', `/api/scenarios/${northLost.id}`, ADMIN, { scenario: northLost })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ScenarioSaveResponse
    expect(body).toMatchObject({ id: northLost.id, replaced: false, reloadError: null })
    const after = await readFile(path, 'utf8')
    expect(after.startsWith(before.trimEnd())).toBe(true)
    expect(after).toContain(body.yaml)
    const list = (await (await call('GET', '/api/scenarios', VIEWER)).json()) as ScenariosResponse
    expect(list.scenarios.map((s) => s.id)).toContain(northLost.id)
    // Saving again replaces it in place.
    const again = await call('PUT', `/api/scenarios/${northLost.id}`, ADMIN, { scenario: { ...northLost, name: 'Renamed' } })
    expect(((await again.json()) as ScenarioSaveResponse).replaced).toBe(true)
    expect((await readFile(path, 'utf8')).match(/id: adhoc-north-lost/g)).toHaveLength(1)
  })

  it('writes nothing and answers 400 when the scenario is invalid or its id differs from the address', async () => {
    const path = join(dir, 'config', 'scenarios.yaml')
    const before = await readFile(path, 'utf8')
    const bad = await call('PUT', `/api/scenarios/${northLost.id}`, ADMIN, {
      scenario: { ...northLost, capacityLoss: [{ app: 'ggsn-west', fraction: 1 }] },
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ScenarioProblemsResponse).problems[0]?.path).toBe('capacityLoss[0].app')
    const mismatch = await call('PUT', '/api/scenarios/other-id', ADMIN, { scenario: northLost })
    expect(mismatch.status).toBe(400)
    expect(((await mismatch.json()) as { error: string }).error).toBe(
      'id: the address says "other-id" but the scenario\'s id is "adhoc-north-lost"',
    )
    expect(await readFile(path, 'utf8')).toBe(before)
  })
})
