// Config of the csv plugin as a collector: a watched folder whose new or
// changed files are imported on each run. The same import runs for
// `headroom import FILE` (see import.ts) without this config.
import { z } from 'zod'
import type { ParseResult } from '../../types.ts'
import { parseWithSchema } from '../../shared/config-issues.ts'
import { durationText } from '../../shared/durations.ts'
import { csvKinds } from './kinds.ts'

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "installs" (letters, digits, dashes)')

export const csvConfigSchema = z.strictObject({
  /** Folder to watch; files directly in it (not sub-folders) are imported. */
  folder: z.string({ error: 'expected the path of the folder to watch' }).min(1, 'expected a folder path'),
  /**
   * Where the list of imported files (name -> hash) is kept; one JSON file per
   * collector id. Relative paths are under the data dir (HEADROOM_DATA_DIR).
   */
  stateDir: z
    .string({ error: 'expected a folder path for the import state (which files were imported)' })
    .min(1, 'expected a folder path for the import state')
    .default('csv-state'),
  /** Regular expression on file names. */
  pattern: z
    .string()
    .min(1)
    .superRefine((pattern, ctx) => {
      try {
        new RegExp(pattern)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `not a regular expression: ${err instanceof Error ? err.message : String(err)}` })
      }
    })
    .default('\\.csv$'),
  kind: z.enum([...csvKinds, 'auto']).default('auto'),
  /** Header names for canonical columns, e.g. { time: timestamp }. */
  columns: z
    .strictObject({
      time: z.string().min(1).optional(),
      date: z.string().min(1).optional(),
      driver: z.string().min(1).optional(),
      value: z.string().min(1).optional(),
      version: z.string().min(1).optional(),
      app: z.string().min(1).optional(),
      metric: z.string().min(1).optional(),
      measured_max: z.string().min(1).optional(),
      environment_scale: z.string().min(1).optional(),
    })
    .default({}),
  /** Driver id for files without a driver column. */
  driver: id.optional(),
  /** A file modified less than this long ago may still be being copied: wait for the next run. */
  settle: durationText.default('2s'),
  /**
   * Days added to every date and time in the files, for example data written
   * as of one day and replayed later (the example estate's forecasts and
   * perf tests: Headroom sets it from estate.yaml's exampleDatesAsOf).
   */
  shiftDays: z.number().int().default(0),
  /** Row errors per file shown in the collector's health (all are counted). */
  maxErrorsShown: z.number().int().min(1).max(100).default(5),
})

export type CsvConfig = z.infer<typeof csvConfigSchema>

export function parseCsvConfig(raw: unknown): ParseResult<CsvConfig> {
  return parseWithSchema(csvConfigSchema, raw)
}
