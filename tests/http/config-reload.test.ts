// Hot reload against a real server: a bad edit keeps the old config and says
// why; a good edit takes effect without a restart.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../server/app.ts'
import { createLogger } from '../../server/log.ts'
import { readSettings } from '../../server/settings.ts'
import { waitFor } from '../support/services.ts'

describe('config hot reload', () => {
  let server: RunningServer
  let dir: string
  const health = async () => (await (await fetch(server.url + '/api/health')).json()) as { configError: string | null }
  const estateName = async () => ((await (await fetch(server.url + '/api/estate')).json()) as { name: string }).name

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-reload-'))
    await cp(join(import.meta.dirname, '..', '..', 'config'), join(dir, 'config'), { recursive: true })
    const settings = readSettings({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '127.0.0.1',
      HEADROOM_DATA_DIR: join(dir, 'data'),
      HEADROOM_CONFIG_DIR: join(dir, 'config'),
      HEADROOM_BACKFILL_DAYS: '0',
    })
    server = await startServer(settings, createLogger('silent'))
  })
  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps the old config and reports file:line when an edit is invalid, then applies a valid edit', async () => {
    const path = join(dir, 'config', 'estate.yaml')
    const original = await readFile(path, 'utf8')
    const before = await estateName()

    await writeFile(path, original.replace(/^name: .*$/m, 'name: Renamed estate\ncolour: blue'))
    await waitFor('the refused reload to be reported', async () => (await health()).configError !== null, 15_000)
    const error = (await health()).configError ?? ''
    expect(error).toMatch(/estate\.yaml:\d+ colour: unknown key "colour"/)
    expect(await estateName()).toBe(before)

    await writeFile(path, original.replace(/^name: .*$/m, 'name: Renamed estate'))
    await waitFor('the valid reload to apply', async () => (await estateName()) === 'Renamed estate', 15_000)
    expect((await health()).configError).toBeNull()
  })
})
