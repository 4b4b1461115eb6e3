// config/engine.yaml (optional): the engine's settings and the names of the
// slack RAG legend. A separate file rather than a key in estate.yaml because
// it is tuned by the capacity manager, not by whoever describes the estate,
// and a typo here must not hide the estate's own errors.
import { z } from 'zod'
import { engineSettingsSchema, type EngineSettings } from './engine-schema.ts'

const legendSchema = z.strictObject({
  red: z.string().min(1).optional(),
  amber: z.string().min(1).optional(),
  green: z.string().min(1).optional(),
  unknown: z.string().min(1).optional(),
})

export const engineFileSchema = z.strictObject({
  engine: engineSettingsSchema.default(engineSettingsSchema.parse({})),
  /** Names shown in the UI legend for the slack RAG; the rules stay the engine's. */
  legend: legendSchema.optional(),
})

export interface EngineFile {
  settings: EngineSettings
  legend?: z.infer<typeof legendSchema>
}

export function defaultEngineFile(): EngineFile {
  return { settings: engineSettingsSchema.parse({}) }
}

export function toEngineFile(parsed: z.infer<typeof engineFileSchema>): EngineFile {
  return parsed.legend ? { settings: parsed.engine, legend: parsed.legend } : { settings: parsed.engine }
}
