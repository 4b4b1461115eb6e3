// The layering of server/ stays true: .dependency-cruiser.cjs names the
// layers and the forbidden imports; this runs it over the real tree, and
// over a small tree with known violations so the rules are seen to bite.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: NonNullable<NonNullable<ICruiseOptions['ruleSet']>['forbidden']>
  options: ICruiseOptions
}

async function violations(baseDir: string): Promise<IViolation[]> {
  const cwd = process.cwd()
  // dependency-cruiser reports and matches paths relative to the working directory.
  process.chdir(baseDir)
  try {
    const result = await cruise(
      ['server', 'collectors'].filter((d) => existsSync(join(baseDir, d))),
      { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, outputType: 'json' },
    )
    const output = result.output
    const parsed = (typeof output === 'string' ? JSON.parse(output) : output) as { summary: { violations: IViolation[] } }
    return parsed.summary.violations
  } finally {
    process.chdir(cwd)
  }
}

const describeViolation = (v: IViolation): string => `${v.rule.name}: ${v.from} → ${v.to}`

describe('server layering', () => {
  it('cruise() finds no forbidden import and no circle when run over server/ and collectors/', async () => {
    expect((await violations(root)).map(describeViolation)).toEqual([])
  })

  describe('on a tree with known violations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-layers-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const file = (path: string, text: string): void => {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    file('tsconfig.json', JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }))
    file('server/http/errors.ts', 'export class HttpError extends Error {}\n')
    file('server/store/types.ts', "import { HttpError } from '../http/errors.ts'\nexport const e = HttpError\n")
    file(
      'server/capacity/engine.ts',
      "import { readFileSync } from 'node:fs'\nimport { e } from '../store/types.ts'\nexport const x = [readFileSync, e]\n",
    )
    file('server/runtime/a.ts', "import { b } from './b.ts'\nexport const a = () => b\n")
    file('server/runtime/b.ts', "import { a } from './a.ts'\nexport const b = () => a\n")

    it('cruise() names each rule that a lower layer, the pure engine or a circle breaks', async () => {
      const found = (await violations(dir)).map(describeViolation)
      expect(found).toEqual(
        expect.arrayContaining([
          'base-imports-no-higher-layer: server/store/types.ts → server/http/errors.ts',
          'capacity-is-pure: server/capacity/engine.ts → fs',
          'capacity-reads-only-config-schemas: server/capacity/engine.ts → server/store/types.ts',
          'capacity-imports-no-higher-layer: server/capacity/engine.ts → server/store/types.ts',
          'no-circular: server/runtime/a.ts → server/runtime/b.ts',
        ]),
      )
    })
  })
})
