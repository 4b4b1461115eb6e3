// A what-if scenario as the YAML block that goes under `scenarios:` in
// config/scenarios.yaml, and that file with one scenario put in (replaced
// by id, else appended) keeping every comment and the other scenarios as
// written. Small leaf objects are written inline, the way the example file
// is, so a saved block reads like a hand-written one.
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type ToStringOptions } from 'yaml'
import type { Scenario } from './engine-schema.ts'

/** The scenario without its empty defaults, keys in the file's order. */
export function scenarioForFile(s: Scenario): Record<string, unknown> {
  const out: Record<string, unknown> = { id: s.id, name: s.name }
  if (s.description) out.description = s.description
  if (Object.keys(s.multipliers).length > 0) out.multipliers = s.multipliers
  if (Object.keys(s.growthPerMonth).length > 0) out.growthPerMonth = s.growthPerMonth
  if (s.spike) out.spike = s.spike
  if (s.capacityLoss.length > 0) out.capacityLoss = s.capacityLoss
  if (s.upgrades.length > 0) out.upgrades = s.upgrades
  return out
}

/** No folding of long descriptions; inline maps padded (`{ a: 1 }`) as Prettier writes them. */
const FORMAT: ToStringOptions = { lineWidth: 0, flowCollectionPadding: true }

/**
 * Prettier (which checks the repo's YAML) pads inline maps but not inline
 * lists; `yaml` pads both or neither. The only inline list written here is
 * the spike's drivers, a list of ids, so it is unpadded by hand.
 */
function asPrettierWrites(text: string): string {
  return text.replace(/drivers: \[ ([a-z0-9, -]*) \]/g, 'drivers: [$1]')
}

/** One scenario as a YAML node: leaf maps and lists inline (`spike: { drivers: [installs], factor: 3, hours: 2 }`). */
function scenarioNode(doc: Document, s: Scenario): YAMLMap {
  const node = doc.createNode(scenarioForFile(s)) as YAMLMap
  for (const key of ['multipliers', 'growthPerMonth', 'spike']) {
    const child = node.get(key, true)
    if (isMap(child)) child.flow = true
  }
  for (const key of ['capacityLoss', 'upgrades']) {
    const list = node.get(key, true)
    if (isSeq(list)) for (const item of list.items) if (isMap(item)) item.flow = true
  }
  // Dates quoted, so no YAML 1.1 reader takes them for timestamps.
  const upgrades = node.get('upgrades', true)
  if (isSeq(upgrades))
    for (const item of upgrades.items) {
      const from = isMap(item) ? item.get('from', true) : null
      if (isScalar(from)) from.type = Scalar.QUOTE_DOUBLE
    }
  return node
}

/** The block to paste under `scenarios:` (indented two spaces, as in the example file). */
export function scenarioYamlBlock(s: Scenario): string {
  const doc = new Document([])
  ;(doc.contents as YAMLSeq).items.push(scenarioNode(doc, s))
  return asPrettierWrites(doc.toString(FORMAT))
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
}

/**
 * scenarios.yaml's text with `s` in it: replaces the scenario with the same
 * id, or appends it. `text` null (no file yet) starts a new file.
 */
export function putScenario(text: string | null, s: Scenario): { text: string; replaced: boolean } {
  const doc = parseDocument(text ?? '# Saved what-if scenarios (see the README).\nscenarios: []\n')
  if (doc.errors.length > 0) throw new Error(`scenarios.yaml does not parse: ${doc.errors[0]?.message ?? 'unknown error'}`)
  let list = doc.get('scenarios', true)
  if (!isSeq(list)) {
    list = new YAMLSeq()
    doc.set('scenarios', list)
  }
  const seq = list as YAMLSeq
  seq.flow = false
  const node = scenarioNode(doc, s)
  const at = seq.items.findIndex((item) => isMap(item) && item.get('id') === s.id)
  if (at >= 0) {
    node.spaceBefore = (seq.items[at] as YAMLMap).spaceBefore
    node.commentBefore = (seq.items[at] as YAMLMap).commentBefore
    seq.items[at] = node
  } else {
    node.spaceBefore = seq.items.length > 0
    seq.items.push(node)
  }
  return { text: asPrettierWrites(doc.toString(FORMAT)), replaced: at >= 0 }
}
