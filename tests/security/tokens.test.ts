import { describe, expect, it } from 'vitest'
import { serverFileSchema } from '../../server/config/server-schema.ts'
import { TokenRegistry, hasRole, hashToken } from '../../server/security/tokens.ts'

const file = serverFileSchema.parse({
  auth: {
    tokens: [
      { name: 'ops', role: 'operator', sha256: hashToken('ops-secret') },
      { name: 'boss', role: 'admin', sha256: hashToken('admin-secret') },
    ],
    displayTokens: [{ name: 'noc-wall', sha256: hashToken('wall-secret') }],
  },
})

describe('TokenRegistry', () => {
  const tokens = new TokenRegistry(file, [{ role: 'viewer', token: 'env-viewer' }])

  it.each([
    { token: 'ops-secret', fromUrl: false, expected: { name: 'ops', role: 'operator', display: false } },
    { token: 'admin-secret', fromUrl: false, expected: { name: 'boss', role: 'admin', display: false } },
    { token: 'wall-secret', fromUrl: true, expected: { name: 'noc-wall', role: 'viewer', display: true } },
    { token: 'env-viewer', fromUrl: false, expected: { name: 'env:viewer', role: 'viewer', display: false } },
    { token: 'admin-secret', fromUrl: true, expected: null },
    { token: 'wrong', fromUrl: false, expected: null },
    { token: null, fromUrl: false, expected: null },
  ])('identify() gives $expected for $token (fromUrl $fromUrl)', ({ token, fromUrl, expected }) => {
    expect(tokens.identify(token, fromUrl)).toEqual(expected)
  })

  it('hasRole() keeps display tokens read-only and ranks viewer < operator < admin', () => {
    expect(hasRole({ name: 'w', role: 'viewer', display: true }, 'viewer')).toBe(false)
    expect(hasRole({ name: 'o', role: 'operator', display: false }, 'operator')).toBe(true)
    expect(hasRole({ name: 'o', role: 'operator', display: false }, 'admin')).toBe(false)
    expect(hasRole({ name: 'a', role: 'admin', display: false }, 'operator')).toBe(true)
  })

  it('lets everyone in as local admin when no tokens are configured', () => {
    const open = new TokenRegistry(serverFileSchema.parse({}), [])
    expect(open.enabled).toBe(false)
    expect(open.identify(null)).toEqual({ name: 'local', role: 'admin', display: false })
  })
})
