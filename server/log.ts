import { pino, type DestinationStream, type Logger } from 'pino'
import { redactDeep, redactText } from './security/redact.ts'

export type { Logger }

/**
 * One root logger; modules take a child so every line names its source.
 * Every line is redacted at every level: credentials in the message, in
 * logged objects and errors (URLs with userinfo, secret-named fields, any
 * registered secret value; see security/redact.ts). `destination` is for
 * tests that read the log.
 */
export function createLogger(level = process.env.HEADROOM_LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
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
  return destination ? pino(options, destination) : pino(options)
}
