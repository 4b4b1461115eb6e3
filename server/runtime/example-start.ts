// The day a data dir was first started, kept in it (example-start.json), so
// the example's dates move once, when the data dir is new, and stay put
// after: the history the data dir holds was generated against those dates.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { exampleShiftDays, shiftExampleDates } from '../config/example-dates.ts'
import type { LoadedConfig } from '../config/load.ts'

const FILE = 'example-start.json'

export async function dataDirFirstStart(dataDir: string, now: Date): Promise<Date> {
  const path = join(dataDir, FILE)
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as { firstStart?: unknown }
    if (typeof saved.firstStart === 'string' && !Number.isNaN(Date.parse(saved.firstStart))) return new Date(saved.firstStart)
  } catch {
    // first start (or an unreadable file): this start is the first
  }
  await mkdir(dataDir, { recursive: true })
  await writeFile(path, `${JSON.stringify({ firstStart: now.toISOString() }, null, 2)}\n`)
  return now
}

/** The config with its example dates moved to this data dir's first start; the shift in days. */
export function exampleConfig(config: LoadedConfig, firstStart: Date): { config: LoadedConfig; shiftDays: number } {
  const shiftDays = exampleShiftDays(config.estate.exampleDatesAsOf, firstStart)
  return { config: shiftExampleDates(config, shiftDays), shiftDays }
}
