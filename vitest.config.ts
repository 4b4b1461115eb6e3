import { defineConfig } from 'vitest/config'

// One runner for every suite. Service suites (InfluxDB, Prometheus, snmpd,
// Chromium...) start real binaries, so they get generous hook timeouts and
// run one file at a time per worker to keep the 2-core CI machine sane.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'collectors/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
})
