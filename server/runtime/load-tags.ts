// Imported perf-test results are stored under the metric's own app/metric
// with this tag (collectors/plugins/csv/kinds.ts), beside the live load. The
// store merges tagged series when no tag filter is given, so every read of
// load history (engine, volumetrics) excludes it: a measured maximum is a
// limit's evidence, not a peak the estate ran at.
export const NOT_LOAD: Readonly<Record<string, string>> = { source: 'perf-test' }

/**
 * Samples from a non-live environment (a perf-test rig) carry this tag key
 * (collectors/environment.ts); every read of live load leaves them out.
 */
export const NOT_LIVE_KEYS: readonly string[] = ['environment']
