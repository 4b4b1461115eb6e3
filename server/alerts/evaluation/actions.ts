// Input checks for what people do to alerts (acknowledge, silence), shared by
// REST and socket so both refuse the same way, with the field at fault.
import { z } from 'zod'
import { DURATION_HINT, DURATION_PATTERN, parseDuration } from './duration.ts'
import { matchersProblem } from './silences.ts'
import type { Matcher } from './types.ts'

/** A refusal with the HTTP status it maps to; the socket sends the message as `{ ok: false, error }`. */
export class AlertActionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'AlertActionError'
  }
}

export interface Actor {
  name: string
  role: string
}

/** Longest silence: a forgotten one must not hide alerts for ever. */
export const MAX_SILENCE_MS = 90 * 86_400_000
const COMMENT_MAX = 1000

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO time like "2026-05-01T08:00:00Z"')

const silenceSchema = z.strictObject({
  matchers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        value: z.string(),
        isRegex: z.boolean().default(false),
        isEqual: z.boolean().default(true),
      }),
    )
    .min(1, 'a silence needs at least one matcher'),
  startsAt: isoTime.optional(),
  endsAt: isoTime.optional(),
  duration: z.string().regex(DURATION_PATTERN, DURATION_HINT).optional(),
  comment: z.string().trim().min(1, 'say why (a comment is required)').max(COMMENT_MAX),
})

const ackSchema = z.strictObject({ comment: z.string().trim().max(COMMENT_MAX).default('') })

export interface SilenceRequest {
  matchers: Matcher[]
  startsAt: string
  endsAt: string
  comment: string
}

function refuse(what: string, error: z.ZodError): never {
  const first = error.issues[0]
  const path = first?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? ''
  const message = first?.code === 'unrecognized_keys' ? `unknown key "${first.keys[0]}"` : (first?.message ?? 'invalid')
  throw new AlertActionError(400, `${what}${path ? ` ${path.replace(/^\./, '')}` : ''}: ${message}`)
}

export function parseSilenceRequest(body: unknown, now: Date): SilenceRequest {
  const parsed = silenceSchema.safeParse(body ?? {})
  if (!parsed.success) refuse('silence', parsed.error)
  const s = parsed.data
  const problem = matchersProblem(s.matchers)
  if (problem) throw new AlertActionError(400, `silence matchers: ${problem}`)
  if ((s.endsAt === undefined) === (s.duration === undefined)) {
    throw new AlertActionError(400, 'silence: give either endsAt (an ISO time) or duration (like "2h"), not both or neither')
  }
  const starts = s.startsAt ? Date.parse(s.startsAt) : now.getTime()
  const ends = s.endsAt ? Date.parse(s.endsAt) : starts + parseDuration(s.duration ?? '0s')
  if (ends <= starts) throw new AlertActionError(400, 'silence: endsAt must be after startsAt')
  if (ends <= now.getTime()) throw new AlertActionError(400, 'silence: endsAt is already in the past')
  if (ends - starts > MAX_SILENCE_MS) throw new AlertActionError(400, 'silence: at most 90 days; make a new one when it ends')
  return {
    matchers: s.matchers,
    startsAt: new Date(starts).toISOString(),
    endsAt: new Date(ends).toISOString(),
    comment: s.comment,
  }
}

export function parseAckRequest(body: unknown): { comment: string } {
  const parsed = ackSchema.safeParse(body ?? {})
  if (!parsed.success) refuse('acknowledge', parsed.error)
  return parsed.data
}
