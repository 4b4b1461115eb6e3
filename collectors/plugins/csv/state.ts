// What the watched-folder collector has already imported: per file name,
// the SHA-256 of its content (plus size and mtime, so an unchanged file is
// skipped without reading it again). Kept in a small JSON file under the
// configured state dir, written atomically (temp file + rename) so a crash
// mid-write never leaves a half file that would re-import everything.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'

const entrySchema = z.object({
  sha256: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  importedAt: z.string(),
  rows: z.number(),
  samples: z.number(),
  errors: z.number(),
})

const stateSchema = z.object({ version: z.literal(1), files: z.record(z.string(), entrySchema) })

export type ImportedFile = z.infer<typeof entrySchema>
export type FolderState = z.infer<typeof stateSchema>

/** The state in `path`, or an empty one when there is none yet. Throws naming the file when it is corrupt. */
export async function loadState(path: string): Promise<FolderState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return { version: 1, files: {} }
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new Error(
      `${path}: not valid JSON (${err instanceof Error ? err.message : String(err)}); delete it to re-import the folder`,
    )
  }
  const parsed = stateSchema.safeParse(json)
  if (!parsed.success) {
    throw new Error(
      `${path}: not a csv import state file (${parsed.error.issues[0]?.message ?? 'bad shape'}); delete it to re-import the folder`,
    )
  }
  return parsed.data
}

export async function saveState(path: string, state: FolderState): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`)
  await rename(temp, path)
}

/** SHA-256 of a file, streamed (files can be far larger than memory). */
export function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    const stream = createReadStream(path, signal ? { signal } : {})
    stream.on('data', (chunk) => hash.update(chunk))
    stream.on('error', reject)
    stream.on('end', () => resolve(hash.digest('hex')))
  })
}
