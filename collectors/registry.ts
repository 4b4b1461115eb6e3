// Every collector plugin, one line each. To add a plugin: create
// collectors/plugins/<type>/index.ts exporting a CollectorPlugin, import it
// here and append it to `plugins`. Nothing else needs to know about it.
import type { CollectorPlugin } from './types.ts'
import { simulator } from './plugins/simulator/index.ts'
import { prometheusPlugin } from './plugins/prometheus/index.ts'
import { httpJsonPlugin } from './plugins/http-json/index.ts'
import { influxqlPlugin } from './plugins/influxql/index.ts'
import { snmpPlugin } from './plugins/snmp/index.ts'
import { csvPlugin } from './plugins/csv/index.ts'

// Each plugin parses its own config type; the registry only needs the
// contract (collect() only ever receives what that plugin's parseConfig returned).
export const plugins: readonly CollectorPlugin[] = [
  simulator,
  prometheusPlugin,
  httpJsonPlugin,
  influxqlPlugin,
  snmpPlugin,
  csvPlugin,
]

/** The plugin whose `type` matches a collectors.yaml entry, or undefined. */
export function findPlugin(type: string): CollectorPlugin | undefined {
  return plugins.find((p) => p.type === type)
}

/** Known plugin types, for "unknown collector type" messages. */
export function pluginTypes(): string[] {
  return plugins.map((p) => p.type)
}
