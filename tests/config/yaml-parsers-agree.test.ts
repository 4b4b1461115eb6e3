// yaml-file.ts reads a file's value with js-yaml and asks `yaml` only for
// positions (or when js-yaml refuses the file), so the two must mean the
// same thing by every file js-yaml accepts. Checked on every YAML file in the
// repository and on the scalar spellings where YAML 1.1 and 1.2 differ.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseYamlText, lineOf } from '../../server/config/yaml-file.ts'

const ROOT = join(import.meta.dirname, '../..')

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
}

function slow(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true })
  // What js-yaml accepts, `yaml` must accept too: yaml-file.ts would otherwise let through a file it used to refuse.
  expect(doc.errors.map((e) => e.message)).toEqual([])
  return doc.toJS()
}
const quick = (text: string): unknown => load(text, { maxAliases: 0 })

describe('js-yaml and yaml read the same values', () => {
  const files = [...yamlFiles(join(ROOT, 'config')), ...yamlFiles(join(ROOT, 'tests'))]

  it('on every YAML file in config/ and tests/ that js-yaml accepts', () => {
    expect(files.length).toBeGreaterThan(10)
    let compared = 0
    for (const path of files) {
      const text = readFileSync(path, 'utf8')
      let value: unknown
      try {
        value = quick(text)
      } catch {
        continue // refused: yaml-file.ts then reads it with `yaml` alone
      }
      expect(value, path).toEqual(slow(text))
      compared++
    }
    expect(compared).toBeGreaterThan(10)
  })

  it('on scalars that YAML 1.1 and 1.2 read differently', () => {
    const spellings = [
      'yes',
      'no',
      'on',
      'off',
      'y',
      'n',
      'True',
      'TRUE',
      'tRue',
      'false',
      'null',
      'Null',
      'NULL',
      '~',
      '',
      '012',
      '0o12',
      '0x1F',
      '0b101',
      '1_000',
      '+12',
      '-0',
      '1.',
      '.5',
      '1e3',
      '1E-3',
      '-.inf',
      '.Inf',
      '.NaN',
      '2026-12-01',
      '2026-12-01T10:00:00Z',
      '12:30:00',
      '1:30',
      '"quoted"',
      "'single'",
      '<<',
      '= ',
      'a: b',
    ]
    let compared = 0
    for (const s of spellings) {
      const text = `k: ${s}\n`
      let value: unknown
      try {
        value = quick(text)
      } catch {
        continue
      }
      expect(value, s).toEqual(slow(text))
      compared++
    }
    expect(compared).toBeGreaterThan(spellings.length - 3)
  })

  it('refuses what only `yaml` may judge: aliases, duplicate keys, unknown tags', () => {
    expect(() => quick('a: &x 1\nb: *x\n')).toThrow()
    expect(() => quick('a: 1\na: 2\n')).toThrow()
    expect(() => quick('a: !custom 1\n')).toThrow()
  })
})

describe('parseYamlText', () => {
  it('still points a problem found after a quick read at its line', () => {
    const file = parseYamlText('name: x\napplications:\n  - id: a\n    metrics: []\n', 'estate.yaml')
    if (Array.isArray(file)) throw new Error('expected a file')
    expect(lineOf(file, ['applications', 0, 'metrics'])).toBe(4)
  })

  it('reports a refused alias bomb with the alias line, as before', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 6; i++)
      bomb.push(
        `${'bcdefg'[i - 1]}: &${'bcdefg'[i - 1]} [${Array(10)
          .fill(`*${'abcdefg'[i - 1]}`)
          .join(', ')}]`,
      )
    const result = parseYamlText(bomb.join('\n') + '\n', 'estate.yaml')
    expect(Array.isArray(result)).toBe(true)
    expect(JSON.stringify(result)).toMatch(/alias bomb/)
  })
})
