// redactText() masks credentials in free text; plain strings (ids, timestamps,
// numbers) skip the shape checks but never the registered secrets.
import { describe, expect, it } from 'vitest'
import { MASK, redactText, registerSecret } from '../../server/security/redact.ts'

describe('redactText', () => {
  it('masks a registered secret even in a plain id-like string', () => {
    registerSecret('plainSecret.42')
    expect(redactText('node-plainSecret.42:9100')).toBe(`node-${MASK}:9100`)
  })

  it.each([
    ['a URL with userinfo', 'GET http://user:pw123456@host/x failed', 'pw123456'],
    ['a bearer header', 'Authorization: Bearer abcdefgh12345', 'abcdefgh12345'],
    ['a name=value pair', 'dsn host=db password=hunter22', 'hunter22'],
  ])('masks %s', (_what, text, secret) => {
    expect(redactText(text)).not.toContain(secret)
  })

  it.each(['2026-12-03T07:17:10.003Z', 'sm2m/messages-per-second', 'licence-tps', '0.2625'])('leaves %s as it is', (text) => {
    expect(redactText(text)).toBe(text)
  })
})
