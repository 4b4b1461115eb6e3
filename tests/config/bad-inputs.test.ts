// Every kind of bad input a person can write, each in its own fixture with
// the exact error it must produce in `# expect:` lines at its top:
// estate.<case>.bad.yaml replaces estate.yaml of the good fixture config,
// collectors.<case>.bad.yaml replaces collectors.yaml; *.good.yaml must load.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatProblem } from '../../server/config/problems.ts'

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'config')
const inputs = join(fixtures, 'inputs')
const files = readdirSync(inputs).filter((f) => f.endsWith('.yaml'))

async function problemsWith(file: string): Promise<string[] | null> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-input-'))
  try {
    cpSync(join(fixtures, 'good'), dir, { recursive: true })
    writeFileSync(join(dir, `${file.split('.')[0]}.yaml`), readFileSync(join(inputs, file)))
    const error = await loadConfig(dir).then(
      () => null,
      (e: unknown) => e,
    )
    if (error === null) return null
    if (!(error instanceof ConfigError)) throw error
    return error.problems.map(formatProblem)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('loadConfig() on bad input', () => {
  it('has a fixture for every case the issue lists', () => {
    expect(files.filter((f) => f.endsWith('.bad.yaml')).length).toBeGreaterThanOrEqual(12)
  })

  it.each(files.filter((f) => f.endsWith('.bad.yaml')))('%s is answered with exactly its # expect: lines', async (file) => {
    const expected = readFileSync(join(inputs, file), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('# expect: '))
      .map((l) => l.slice('# expect: '.length).replace('<cwd>', process.cwd()))
    expect(expected.length).toBeGreaterThan(0)
    expect(await problemsWith(file)).toEqual(expected)
  })

  it.each(files.filter((f) => f.endsWith('.good.yaml')))('%s loads', async (file) => {
    expect(await problemsWith(file)).toBeNull()
  })
})
