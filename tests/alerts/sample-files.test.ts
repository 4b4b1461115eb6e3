// The sample files shipped for users who route or alert outside Headroom:
// the Prometheus rule file passes `promtool check rules`, the Alertmanager
// configuration passes `amtool check-config`, and docker-compose runs an
// Alertmanager that Headroom is pointed at.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/server.ts'
import { serviceBinary } from '../support/services.ts'

const promtool = serviceBinary('promtool', 'prometheus')
const amtool = serviceBinary('amtool', 'prometheus-alertmanager')
const examples = join(repoRoot, 'config', 'examples')

describe('sample Prometheus rules and Alertmanager config', () => {
  it.skipIf(!promtool.path)('config/examples/prometheus-rules.yml passes promtool check rules', () => {
    const run = spawnSync(promtool.path ?? '', ['check', 'rules', join(examples, 'prometheus-rules.yml')], { encoding: 'utf8' })
    expect(run.stdout + run.stderr).toMatch(/SUCCESS: \d+ rules found/)
    expect(run.status).toBe(0)
  })

  it.skipIf(!amtool.path)('config/examples/alertmanager.yml passes amtool check-config', () => {
    const run = spawnSync(amtool.path ?? '', ['check-config', join(examples, 'alertmanager.yml')], { encoding: 'utf8' })
    expect(run.stdout + run.stderr).toContain('SUCCESS')
    expect(run.status).toBe(0)
  })

  it('docker-compose.yml runs Alertmanager with the sample config and points Headroom at it', () => {
    const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>
    }
    expect(compose.services.alertmanager?.volumes).toContain(
      './config/examples/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro',
    )
    expect(compose.services.headroom?.environment?.HEADROOM_ALERTMANAGER_URL).toBe('http://alertmanager:9093')
  })
})
