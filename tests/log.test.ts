// Log lines for people on a terminal, JSON for pipes: createLogger() writes
// into a captured stream that says whether it is a TTY, as stdout would.
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, logFormat } from '../server/log.ts'

function capture(isTTY: boolean): Writable & { isTTY: boolean; text(): string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  return Object.assign(stream, { isTTY, text: () => chunks.join('') })
}

describe('createLogger()', () => {
  it('writes one readable line with the level and message when the stream is a terminal', () => {
    const out = capture(true)
    const log = createLogger('info', { stream: out, format: logFormat({}, out.isTTY) })
    log.info({ url: 'http://127.0.0.1:8080' }, 'Headroom is up')
    const text = out.text()
    expect(text).toMatch(/\d{2}:\d{2}:\d{2}/)
    expect(text).toContain('INFO')
    expect(text).toContain('Headroom is up')
    expect(text).toContain('http://127.0.0.1:8080')
    expect(() => JSON.parse(text) as unknown).toThrow()
    expect(text.trimEnd().split('\n')).toHaveLength(1)
  })

  it('writes JSON lines when the stream is not a terminal', () => {
    const out = capture(false)
    const log = createLogger('info', { stream: out, format: logFormat({}, out.isTTY) })
    log.warn('disk nearly full')
    const line = JSON.parse(out.text().trim()) as { level: number; msg: string; app: string }
    expect(line).toMatchObject({ level: 40, msg: 'disk nearly full', app: 'headroom' })
  })
})

describe('logFormat()', () => {
  it.each([
    { env: {}, tty: true, expected: 'pretty' },
    { env: {}, tty: false, expected: 'json' },
    { env: { HEADROOM_LOG_FORMAT: 'json' }, tty: true, expected: 'json' },
    { env: { HEADROOM_LOG_FORMAT: 'Pretty' }, tty: false, expected: 'pretty' },
  ])('logFormat() is $expected when HEADROOM_LOG_FORMAT=$env.HEADROOM_LOG_FORMAT and tty=$tty', ({ env, tty, expected }) => {
    expect(logFormat(env, tty)).toBe(expected)
  })

  it('logFormat() names the variable when its value is unknown', () => {
    expect(() => logFormat({ HEADROOM_LOG_FORMAT: 'xml' }, true)).toThrow(
      'HEADROOM_LOG_FORMAT must be "pretty" or "json"; got "xml"',
    )
  })
})
