import { pino, type Logger } from 'pino'

export type { Logger }

/** One root logger; modules take a child so every line names its source. */
export function createLogger(level = process.env.HEADROOM_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'headroom' } })
}
