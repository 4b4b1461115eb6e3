// A real net-snmp agent (Debian `snmpd`) for the snmp plugin's tests, on a
// free loopback port with its own config and persistent dir so nothing of
// the machine's agent is read (-C). It serves: v2c for one community, a v3
// authPriv user (SHA/AES; createUser is accepted in the main config file
// and snmpd writes the localised keys to the temp persistent dir), the real
// IF-MIB of this host (lo's counters move with our own queries), and a
// `pass` script that publishes counters and a gauge the test sets by writing
// files, so wraps and resets are deterministic.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import snmp from 'net-snmp'
import { freePort, waitFor } from '../../../support/services.ts'

/** The subtree the pass script serves: .1.0 Counter32, .2.0 Counter64, .3.0 Gauge32. */
export const PASS_BASE = '1.3.6.1.4.1.99999'
export const COMMUNITY = 'hr-test-community'
export const V3_USER = 'hruser'
export const AUTH_KEY = 'hr-auth-passphrase'
export const PRIV_KEY = 'hr-priv-passphrase'

// pass_persist, not pass: snmpd caches the output of plain `pass` commands
// for many seconds, which would hide the values a test has just written.
// Only shell builtins (read, printf): a fork per answer is slow enough on a
// loaded machine for snmpd to give up on the script and answer noSuchInstance.
const passScript = `#!/bin/sh
DIR="$(dirname "$0")"
BASE=.${PASS_BASE}
answer() {
  case "$1" in
    $BASE.1.0) read -r v < "$DIR/c32"; printf '%s\\ncounter\\n%s\\n' $BASE.1.0 "$v" ;;
    $BASE.2.0) read -r v < "$DIR/c64"; printf '%s\\ncounter64\\n%s\\n' $BASE.2.0 "$v" ;;
    $BASE.3.0) read -r v < "$DIR/gauge"; printf '%s\\ngauge\\n%s\\n' $BASE.3.0 "$v" ;;
    *) echo NONE ;;
  esac
}
while read -r cmd; do
  case "$cmd" in
    PING) echo PONG ;;
    get) read -r oid; answer "$oid" ;;
    getnext)
      read -r oid
      case "$oid" in
        $BASE|$BASE.0|$BASE.0.*|$BASE.1) answer $BASE.1.0 ;;
        $BASE.1.0|$BASE.1.*|$BASE.2) answer $BASE.2.0 ;;
        $BASE.2.0|$BASE.2.*|$BASE.3) answer $BASE.3.0 ;;
        *) echo NONE ;;
      esac ;;
    set) read -r oid; read -r value; echo not-writable ;;
    *) exit 0 ;;
  esac
done
`

export interface SnmpdPeer {
  port: number
  dir: string
  /** Sets what the pass script serves next. */
  setValues(values: { c32?: bigint | number; c64?: bigint | number; gauge?: number }): void
  stop(): Promise<void>
}

export async function startSnmpd(binary: string): Promise<SnmpdPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-snmpd-'))
  const port = await freePort()
  const script = join(dir, 'pass.sh')
  writeFileSync(script, passScript, { mode: 0o755 })
  const setValues: SnmpdPeer['setValues'] = (values) => {
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) writeFileSync(join(dir, name), `${String(value)}\n`)
    }
  }
  setValues({ c32: 0, c64: 0, gauge: 0 })
  const conf = join(dir, 'snmpd.conf')
  writeFileSync(
    conf,
    [
      `rocommunity ${COMMUNITY} 127.0.0.1`,
      `createUser ${V3_USER} SHA ${AUTH_KEY} AES ${PRIV_KEY}`,
      `rouser ${V3_USER} priv`,
      `pass_persist .${PASS_BASE} ${script}`,
      '',
    ].join('\n'),
  )
  const child: ChildProcess = spawn(binary, ['-f', '-Lo', '-C', '-c', conf, `udp:127.0.0.1:${port}`], {
    env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '', MIBDIRS: join(dir, 'no-mibs') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  let exited = false
  child.on('exit', () => (exited = true))

  await waitFor(`snmpd on udp:127.0.0.1:${port}`, async () => {
    if (exited) throw new Error(`snmpd exited: ${output.slice(-500)}`)
    return probe(port)
  })

  return {
    port,
    dir,
    setValues,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await gone
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** True when the agent answers a v2c GET of sysUpTime. */
function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const session = snmp.createSession('127.0.0.1', COMMUNITY, { port, timeout: 300, retries: 0, version: snmp.Version2c })
    session.on('error', () => undefined)
    session.get(['1.3.6.1.2.1.1.3.0'], (err) => {
      session.close()
      resolve(err === null)
    })
  })
}
