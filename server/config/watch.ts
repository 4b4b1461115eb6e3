// Hot reload: when a file in config/ changes, load the whole directory again.
// A bad edit never takes the running system down: the old config stays in
// force and the problems are reported (log, /api/health, the UI banner).
import { watch, type FSWatcher } from 'node:fs'
import { loadConfig, loadServerFile, type LoadedConfig } from './load.ts'
import type { ServerFile } from './server-schema.ts'
import { ConfigError, formatProblem } from './problems.ts'

export interface ConfigWatcher {
  close(): void
}

export function watchConfig(
  dir: string,
  handlers: {
    onLoaded: (config: LoadedConfig) => Promise<void> | void
    onRejected: (message: string) => void
    /** server.yaml changed and is valid on its own: apply its tokens now (revocation), before the full reload. */
    onServerFile?: (server: ServerFile) => void
  },
  debounceMs = 300,
): ConfigWatcher {
  let timer: NodeJS.Timeout | null = null
  let serverTimer: NodeJS.Timeout | null = null
  let running = Promise.resolve()
  const reload = (): void => {
    running = running.then(async () => {
      try {
        await handlers.onLoaded(await loadConfig(dir))
      } catch (err) {
        handlers.onRejected(
          err instanceof ConfigError
            ? `config change not applied, ${err.problems.length} problem(s): ${err.problems.map(formatProblem).join('; ')}`
            : `config change not applied: ${String(err)}`,
        )
      }
    })
  }
  let watcher: FSWatcher | null = null
  try {
    watcher = watch(dir, (_event, file) => {
      if (file && !/\.ya?ml$/.test(String(file))) return
      if (String(file) === 'server.yaml' && handlers.onServerFile) {
        const apply = handlers.onServerFile
        if (serverTimer) clearTimeout(serverTimer)
        serverTimer = setTimeout(() => {
          void loadServerFile(dir).then(
            (server) => server && apply(server),
            () => undefined,
          )
        }, 50)
      }
      // Editors write in several steps; wait for the burst to end.
      if (timer) clearTimeout(timer)
      timer = setTimeout(reload, debounceMs)
    })
  } catch {
    // A config dir that cannot be watched (some network filesystems) still works; it just needs a restart.
  }
  return {
    close() {
      if (timer) clearTimeout(timer)
      if (serverTimer) clearTimeout(serverTimer)
      watcher?.close()
    },
  }
}
