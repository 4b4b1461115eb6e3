// The tracked plan's wire format (upgrade pipeline, resilience, perf runs),
// as the client imports it (type-only). Defined in views/plan-responses.ts.
export type * from '../../views/plan-responses.ts'
