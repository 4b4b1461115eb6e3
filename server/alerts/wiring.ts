// How the alert service plugs into the process: its config with the
// environment's overrides, what it judges (the live snapshot with the
// engine's verdicts, the estate, collector health), the link base for
// notifications and the /metrics counters. Kept here so core.ts stays wiring.
import type { Collection } from '../collection/collection.ts'
import type { AlertsConfig } from '../config/alerts-schema.ts'
import type { LoadedConfig } from '../config/load.ts'
import type { Estate } from '../config/schema.ts'
import type { Logger } from '../log.ts'
import type { Metrics } from '../metrics.ts'
import type { Settings } from '../settings.ts'
import type { LiveState } from '../runtime/live-state.ts'
import type { Store } from '../store/types.ts'
import { createAlertService, type AlertService } from './service.ts'

export interface AlertWiring {
  settings: Settings
  config: () => LoadedConfig
  /** The estate in force: estate.yaml with delivered upgrades in its limits (the tracked plan). */
  estate: () => Estate
  store: Store
  /** The live snapshot with the engine's verdicts; assembled (in turns) when an evaluation runs. */
  snapshots: Pick<LiveState, 'currentInTurns'>
  collection: () => Collection
  metrics: () => Metrics
  log: Logger
}

/** alerts.yaml with HEADROOM_ALERTMANAGER_URL applied (it wins over the file's URL, or adds Alertmanager with defaults). */
export function effectiveAlertsConfig(config: AlertsConfig, settings: Settings): AlertsConfig {
  const url = settings.alertmanagerUrl
  if (!url) return config
  const am = config.alertmanager ?? {
    url,
    resendIntervalMs: 60_000,
    timeoutMs: 10_000,
    backoff: { initialMs: 1000, maxMs: 60_000 },
  }
  return { ...config, alertmanager: { ...am, url } }
}

export function publicUrl(config: AlertsConfig, settings: Settings): string {
  if (config.externalUrl) return config.externalUrl
  if (settings.publicUrl) return settings.publicUrl
  const host = !settings.host || settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host
  return `http://${host}:${settings.port}`
}

export function createWiredAlertService(w: AlertWiring): AlertService {
  const alertsConfig = () => effectiveAlertsConfig(w.config().alerts, w.settings)
  return createAlertService({
    store: w.store,
    config: alertsConfig,
    context: async () => {
      const snapshot = await w.snapshots.currentInTurns()
      return snapshot ? { estate: w.estate(), snapshot, collectors: w.collection().health(), now: new Date() } : null
    },
    log: w.log,
    externalUrl: () => publicUrl(alertsConfig(), w.settings),
    counters: {
      sent: (notifier) => w.metrics().notifierSends.inc({ notifier }),
      failed: (notifier) => w.metrics().notifierFailures.inc({ notifier }),
      dropped: (notifier, count) => w.metrics().notifierDropped.inc({ notifier }, count),
    },
  })
}
