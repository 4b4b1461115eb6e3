// Property-based broken configs (fast-check): the good fixture config with one
// random fault: a value replaced by one of another type, a required key
// removed, an unknown key added, or a YAML syntax break at a random line. The
// loader must never crash, and must answer each with file:line and a field
// path (or file:line:col for syntax). Bounded: 300 runs, at most 2 minutes.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml'
import { loadConfig } from '../../server/config/load.ts'
import { ConfigError, formatPath, formatProblem, type ConfigProblem } from '../../server/config/problems.ts'

const good = join(import.meta.dirname, '..', 'fixtures', 'config', 'good')
const estateText = readFileSync(join(good, 'estate.yaml'), 'utf8')
const RUNS = 300

/** Every path in the document that ends at a scalar or a mapping key, e.g. ['applications', 0, 'metrics', 0, 'unit']. */
function paths(node: Node | null, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      out.push([...at, key])
      paths(pair.value as Node | null, [...at, key], out)
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => paths(item as Node, [...at, i], out))
  }
  return out
}

const estatePaths = paths(parseDocument(estateText).contents as Node)
const wrongValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.double({ noNaN: true }),
  fc.integer({ min: -5, max: 5 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { maxKeys: 1 }),
  fc.constantFrom('2025-13-45', 'abc', '', '-1', 'NaN'),
)
const fault = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), path: fc.constantFrom(...estatePaths), value: wrongValue }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...estatePaths) }),
  fc.record({
    kind: fc.constant('unknown-key' as const),
    path: fc.constantFrom(...estatePaths),
    key: fc.constantFrom('colour', 'limitz', 'x'),
  }),
  fc.record({
    kind: fc.constant('syntax' as const),
    line: fc.nat({ max: estateText.split('\n').length - 1 }),
    text: fc.constantFrom(
      '"unclosed',
      '\tname: tab',
      '  - [',
      '{ a: b',
      ': :',
      'key: *nowhere',
      '- - -',
      'a: b: c',
      '!!binary x',
      '  bad:\n wrong',
    ),
  }),
)

function related(problem: ConfigProblem, path: (string | number)[]): boolean {
  const text = formatPath(path)
  return problem.path.startsWith(text) || text.startsWith(problem.path)
}

describe('loadConfig() under fuzzed broken configs', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it(`names file:line and a field path for every one of ${RUNS} broken configs`, { timeout: 200_000 }, async () => {
    const seed = Number(process.env.HEADROOM_FUZZ_SEED ?? Date.now() % 2 ** 31)
    const dir = mkdtempSync(join(tmpdir(), 'headroom-config-fuzz-'))
    dirs.push(dir)
    cpSync(good, dir, { recursive: true })
    const faults: string[] = []
    let broken = 0
    await fc.assert(
      fc.asyncProperty(fault, async (f) => {
        let text: string
        if (f.kind === 'syntax') {
          const lines = estateText.split('\n')
          lines.splice(f.line, 0, f.text)
          text = lines.join('\n')
        } else {
          const doc = parseDocument(estateText)
          if (f.kind === 'value') doc.setIn(f.path, f.value)
          else if (f.kind === 'delete') doc.deleteIn(f.path)
          else doc.setIn([...f.path.slice(0, -1), f.key], 1)
          text = doc.toString()
        }
        writeFileSync(join(dir, 'estate.yaml'), text)
        let error: unknown = null
        try {
          await loadConfig(dir)
        } catch (err) {
          error = err
        }
        if (error === null) return true // the change happened to be valid (a string for a string)
        if (!(error instanceof ConfigError)) {
          faults.push(`${JSON.stringify(f)}: crashed with ${String(error)}`)
          return true
        }
        broken++
        const lines = error.problems.map(formatProblem)
        if (f.kind === 'syntax') {
          // A break may still parse (as text inside a string); when it does not, it is file:line:col.
          const syntax = error.problems.filter((p) => p.message.startsWith('YAML'))
          if (syntax.some((p) => p.line === null || p.column === undefined))
            faults.push(`${JSON.stringify(f)}: syntax problem without line:col: ${lines.join(' | ')}`)
          if (syntax.length === 0 && error.problems.some((p) => p.line === null || p.path === ''))
            faults.push(`${JSON.stringify(f)}: problem without line or path: ${lines.join(' | ')}`)
          return true
        }
        if (error.problems.some((p) => p.line === null || p.path === ''))
          faults.push(`${JSON.stringify(f)}: problem without file:line and path: ${lines.join(' | ')}`)
        // An id changed into another valid id is reported where it is referenced, not where it changed.
        const path = f.kind === 'unknown-key' ? [...f.path.slice(0, -1), f.key] : f.path
        if (
          !error.problems.some((p) => related(p, path)) &&
          !lines.some((l) => /unknown (application|driver)|has no metric|duplicate/.test(l))
        )
          faults.push(`${JSON.stringify(f)}: no problem names ${formatPath(path)}: ${lines.join(' | ')}`)
        return true
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 120_000, seed },
    )
    console.log(
      `[issue 11] config fuzz: ${RUNS} runs, ${broken} broken configs refused, ${faults.length} faults (HEADROOM_FUZZ_SEED=${seed})`,
    )
    expect(faults, `replay with HEADROOM_FUZZ_SEED=${seed}`).toEqual([])
    expect(broken).toBeGreaterThan(RUNS / 2)
  })
})
