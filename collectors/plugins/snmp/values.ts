// Turning one SNMP varbind into a number, keeping what kind of number it is:
// Counter32 and Counter64 only mean something as a rate (and wrap at
// different widths); gauges, integers and timeticks are values as they are.
// net-snmp hands Counter64 over as a big-endian Buffer, which is read into a
// bigint so no digit is lost above 2^53.
import snmp from 'net-snmp'
import type { CounterWidth } from '../../rates.ts'
import type { Varbind } from './session.ts'

export type Reading = { kind: 'counter'; value: bigint; width: Exclude<CounterWidth, 'none'> } | { kind: 'gauge'; value: number }

const typeNames: Record<number, string> = {
  [snmp.ObjectType.NoSuchObject]: 'noSuchObject (the agent does not implement this OID)',
  [snmp.ObjectType.NoSuchInstance]: 'noSuchInstance (no such row or index)',
  [snmp.ObjectType.EndOfMibView]: 'endOfMibView (nothing after this OID)',
}

function bufferToBigint(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`)
}

/** The varbind as a reading, or an error sentence naming the OID. */
export function readVarbind(vb: Varbind): Reading | { error: string } {
  if (vb.type !== undefined && typeNames[vb.type] !== undefined) return { error: `${vb.oid}: ${typeNames[vb.type]}` }
  if (snmp.isVarbindError(vb)) return { error: `${vb.oid}: ${snmp.varbindError(vb)}` }
  const value = vb.value
  switch (vb.type) {
    case snmp.ObjectType.Counter32:
      if (typeof value === 'number') return { kind: 'counter', value: BigInt(value), width: 32 }
      break
    case snmp.ObjectType.Counter64:
      if (Buffer.isBuffer(value)) return { kind: 'counter', value: bufferToBigint(value), width: 64 }
      if (typeof value === 'bigint') return { kind: 'counter', value, width: 64 }
      if (typeof value === 'number') return { kind: 'counter', value: BigInt(value), width: 64 }
      break
    case snmp.ObjectType.Integer:
    case snmp.ObjectType.Gauge32:
    case snmp.ObjectType.TimeTicks:
      if (typeof value === 'number') return { kind: 'gauge', value }
      break
    case snmp.ObjectType.OctetString: {
      // Script-backed OIDs (extend, pass) often publish numbers as text.
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
      const n = Number(text.trim())
      if (text.trim() !== '' && Number.isFinite(n)) return { kind: 'gauge', value: n }
      return { error: `${vb.oid}: expected a number, got the string '${text.slice(0, 40)}'` }
    }
    default:
      break
  }
  const typeName = vb.type === undefined ? 'unknown' : (snmp.ObjectType[vb.type] ?? String(vb.type))
  return { error: `${vb.oid}: expected a numeric type, got ${typeName}` }
}

/** A varbind as tag text (ifName, ifDescr); numbers are printed. */
export function varbindText(vb: Varbind): string {
  const value = vb.value
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  if (value === null || value === undefined) return ''
  return String(value)
}
