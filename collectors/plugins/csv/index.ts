// The csv collector: a watched folder. Each run imports the files that are
// new or whose content changed since they were last imported (by SHA-256,
// remembered in a state file), so dropping the monthly forecast into the
// folder is enough. Re-importing is harmless anyway (same rows, same
// points), the state only saves the work. A bad file is one addError naming
// it; the other files still import.
import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { CollectorContext, CollectorPlugin } from '../../types.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { parseCsvConfig, type CsvConfig } from './config.ts'
import { formatRowError, importCsvFile, type ImportResult } from './import.ts'
import { hashFile, loadState, saveState, type FolderState } from './state.ts'

export { importCsvFile, formatRowError, CsvImportError } from './import.ts'
export type { ImportOptions, ImportProgress, ImportResult } from './import.ts'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Candidate files in the folder, sorted so imports happen in a predictable order. */
async function listFiles(config: CsvConfig): Promise<string[]> {
  const pattern = new RegExp(config.pattern)
  const entries = await readdir(config.folder, { withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => e.name)
    .sort()
}

/** A relative stateDir lives under the data dir, so a fresh data dir starts with a fresh import list. */
export function statePath(config: CsvConfig, ctx: Pick<CollectorContext, 'id' | 'dataDir'>): string {
  return join(resolve(ctx.dataDir ?? '.', config.stateDir), `csv-${ctx.id}.json`)
}

/** Summary of a file's row errors for the collector's health: a few lines, then a count. */
function rowErrorSummary(result: ImportResult, shown: number): string {
  const lines = result.errors.slice(0, shown).map((e) => formatRowError(result.file, e))
  const more = result.errorCount > lines.length ? ` (and ${result.errorCount - lines.length} more)` : ''
  return `${result.errorCount} bad row(s) skipped: ${lines.join('; ')}${more}`
}

export const csvPlugin: CollectorPlugin<CsvConfig> = {
  type: 'csv',
  parseConfig: parseCsvConfig,
  async collect(config, acc, ctx) {
    let names: string[]
    let state: FolderState
    try {
      names = await listFiles(config)
      state = await loadState(statePath(config, ctx))
    } catch (err) {
      acc.addError(new Error(`[folder=${config.folder}] ${message(err)}`))
      return
    }
    const settleMs = parseDurationMs(config.settle)
    for (const name of names) {
      if (ctx.signal.aborted) return
      const path = join(config.folder, name)
      try {
        const info = await stat(path)
        // settle 0 means never wait: mtimes carry sub-millisecond parts a millisecond clock may be behind.
        if (settleMs > 0 && ctx.now().getTime() - info.mtimeMs < settleMs) continue
        const known = state.files[name]
        if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) continue
        const sha256 = await hashFile(path, ctx.signal)
        if (known && known.sha256 === sha256) {
          // Touched but unchanged: remember the new mtime so it is not hashed again.
          state.files[name] = { ...known, mtimeMs: info.mtimeMs }
          await saveState(statePath(config, ctx), state)
          continue
        }
        let lastLogged = 0
        const result = await importCsvFile(path, {
          kind: config.kind,
          columns: config.columns,
          ...(config.driver !== undefined ? { driver: config.driver } : {}),
          ...(config.shiftDays !== 0 ? { shiftDays: config.shiftDays } : {}),
          signal: ctx.signal,
          sink: (samples) => {
            for (const s of samples) acc.add(s)
          },
          onProgress: (p) => {
            // Big files take a while: a line per 10 % keeps the log useful, not flooded.
            const pct = p.totalBytes === 0 ? 100 : Math.floor((p.bytesRead / p.totalBytes) * 10) * 10
            if (pct > lastLogged) {
              lastLogged = pct
              ctx.log.info({ file: name, percent: pct, rows: p.rows }, 'csv import progress')
            }
          },
        })
        if (result.errorCount > 0) acc.addError(new Error(`[file=${name}] ${rowErrorSummary(result, config.maxErrorsShown)}`))
        state.files[name] = {
          sha256,
          size: info.size,
          mtimeMs: info.mtimeMs,
          importedAt: ctx.now().toISOString(),
          rows: result.rows,
          samples: result.samples,
          errors: result.errorCount,
        }
        await saveState(statePath(config, ctx), state)
        ctx.log.info(
          { file: name, kind: result.kind, rows: result.rows, samples: result.samples, errors: result.errorCount },
          'csv file imported',
        )
      } catch (err) {
        // Not recorded as imported: the next run tries again (after the file is fixed).
        acc.addError(new Error(`[file=${name}] ${message(err)}`))
      }
    }
  },
}
