// The `headroom` command as a user runs it: validate lists every problem with
// file:line and path and exits 1; serve refuses to start on the same config.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const bad = join(root, 'tests', 'fixtures', 'config', 'bad')
const expected = readFileSync(join(bad, 'expected.txt'), 'utf8').trim().split('\n')

function headroom(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'headroom.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HEADROOM_PORT: '0', ...env },
    timeout: 60_000,
  })
}

describe('headroom command', () => {
  it('validate prints every problem as file:line path: message and exits 1 when the config is broken', () => {
    const run = headroom(['validate', bad])
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split('\n').slice(0, expected.length)).toEqual(expected)
    expect(run.stderr).toContain(`${expected.length} problem(s)`)
  })

  it('validate accepts the example estate and says what it found', () => {
    const run = headroom(['validate', join(root, 'config')])
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/OK — \d+ applications, \d+ metrics, \d+ chains/)
  })

  it('serve refuses to start on a broken config and lists the same problems', () => {
    const run = headroom(['serve'], { HEADROOM_CONFIG_DIR: bad, HEADROOM_DATA_DIR: join(root, 'data', 'never-created') })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('Headroom will not start')
    for (const line of expected) expect(run.stderr).toContain(line)
  })

  it('names a bad environment variable and exits 2', () => {
    const run = headroom(['serve'], { HEADROOM_PORT: 'eighty' })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('HEADROOM_PORT must be a whole number; got "eighty"')
  })
})
