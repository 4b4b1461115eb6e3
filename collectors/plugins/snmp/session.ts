// A thin promise layer over net-snmp for one target: open a v2c or v3
// session with secrets read at collect time (a rotated key file is picked up
// without a restart), GET a batch of OIDs, bulk-walk a subtree. Every call
// gives up when the run's AbortSignal fires, so a silent agent never holds
// the scheduler past the collector's timeout. Error messages name env vars
// and files, never the secret itself.
import snmp from 'net-snmp'
import type { SnmpTarget } from './config.ts'
import { parseDurationMs } from '../../shared/durations.ts'
import { readSecret, SecretError } from '../../shared/secret.ts'

export type Varbind = snmp.Varbind

export { SecretError }

const authProtocols: Record<SnmpTarget['authProtocol'], snmp.AuthProtocols> = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
}

const privProtocols: Record<SnmpTarget['privProtocol'], snmp.PrivProtocols> = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
}

/** Opens a session; throws SecretError when a credential cannot be read. */
export function openSession(target: SnmpTarget): snmp.Session {
  const common = {
    port: target.port,
    retries: target.retries,
    timeout: parseDurationMs(target.timeout),
    transport: 'udp4' as const,
  }
  let session: snmp.Session
  if (target.version === '2c') {
    const community = readSecret(target.communityEnv, target.communityFile, 'community')
    session = snmp.createSession(target.host, community, { ...common, version: snmp.Version2c })
  } else {
    const user: snmp.User = { name: target.user ?? '', level: snmp.SecurityLevel[target.level] }
    if (target.level !== 'noAuthNoPriv') {
      user.authProtocol = authProtocols[target.authProtocol]
      user.authKey = readSecret(target.authKeyEnv, target.authKeyFile, 'v3 auth key')
    }
    if (target.level === 'authPriv') {
      user.privProtocol = privProtocols[target.privProtocol]
      user.privKey = readSecret(target.privKeyEnv, target.privKeyFile, 'v3 priv key')
    }
    session = snmp.createV3Session(target.host, user, { ...common, version: snmp.Version3 })
  }
  // A socket error after the run ended must not become an uncaught exception.
  session.on('error', () => undefined)
  return session
}

/** Runs one callback-style request, rejecting as soon as `signal` aborts. */
function withAbort<T>(signal: AbortSignal, start: (done: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted before the request was sent'))
      return
    }
    const onAbort = (): void => reject(new Error('aborted (collector timeout or shutdown)'))
    signal.addEventListener('abort', onAbort, { once: true })
    start((err, value) => {
      signal.removeEventListener('abort', onAbort)
      if (err) reject(err)
      else resolve(value as T)
    })
  })
}

/** GET of several OIDs in one PDU; varbinds come back in request order. */
export function getOids(session: snmp.Session, oids: string[], signal: AbortSignal): Promise<Varbind[]> {
  return withAbort<Varbind[]>(signal, (done) => {
    session.get(oids, (err, varbinds) => done(err, varbinds ?? []))
  })
}

/** Bulk-walk of everything under `oid` (GETBULK for v2c/v3). */
export function walkSubtree(session: snmp.Session, oid: string, maxRepetitions: number, signal: AbortSignal): Promise<Varbind[]> {
  const rows: Varbind[] = []
  return withAbort<Varbind[]>(signal, (done) => {
    session.subtree(
      oid,
      maxRepetitions,
      (varbinds) => {
        for (const vb of varbinds) rows.push(vb)
        // Returning true stops the walk: no point reading on after an abort.
        return signal.aborted ? true : undefined
      },
      (err) => done(err, rows),
    )
  })
}
