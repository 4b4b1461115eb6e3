import type { Writable } from 'node:stream'
import { pino, type Logger, type LoggerOptions as PinoOptions } from 'pino'
import pretty from 'pino-pretty'
import { redactDeep, redactText } from './security/redact.ts'

export type { Logger }

export type LogFormat = 'pretty' | 'json'

export interface LoggerOptions {
  /** Where lines go. Default: stdout. Tests that read the log pass their own. */
  stream?: Writable & { isTTY?: boolean }
  /** Default: HEADROOM_LOG_FORMAT, else pretty on a terminal and JSON otherwise. */
  format?: LogFormat
}

/**
 * People read a terminal; log shippers read pipes and files. So a terminal
 * gets one readable line per event ("13:29:20 INFO  Headroom is up on …"),
 * anything else the JSON lines pino writes. HEADROOM_LOG_FORMAT overrides.
 */
export function logFormat(env: NodeJS.ProcessEnv, isTTY: boolean): LogFormat {
  const raw = env.HEADROOM_LOG_FORMAT?.trim().toLowerCase()
  if (raw === 'json' || raw === 'pretty') return raw
  if (raw) throw new Error(`HEADROOM_LOG_FORMAT must be "pretty" or "json"; got "${env.HEADROOM_LOG_FORMAT}"`)
  return isTTY ? 'pretty' : 'json'
}

/**
 * Every line is redacted at every level, in either format: credentials in
 * the message, in logged objects and errors (URLs with userinfo,
 * secret-named fields, any registered secret value; see security/redact.ts).
 */
function redactingOptions(level: string): PinoOptions {
  return {
    level,
    base: { app: 'headroom' },
    formatters: {
      bindings: (bindings: Record<string, unknown>) => redactDeep(bindings) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactText(a) : redactDeep(a))),
        )
      },
    },
  }
}

/** One root logger; modules take a child so every line names its source. */
export function createLogger(level = process.env.HEADROOM_LOG_LEVEL ?? 'info', options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stdout
  const format = options.format ?? logFormat(process.env, stream.isTTY === true)
  const base = redactingOptions(level)
  if (format === 'json') return options.stream ? pino(base, options.stream) : pino(base)
  // In-process (sync) rather than pino's worker transport: a short CLI run
  // must not lose its last lines, and a terminal is never the bottleneck.
  const prettyStream = pretty({
    destination: stream,
    sync: true,
    colorize: stream.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    singleLine: true,
  })
  return pino(base, prettyStream)
}
