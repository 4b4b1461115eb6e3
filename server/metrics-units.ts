// Shared by the metric files: Prometheus wants seconds, and a RAG as a number.
import type { Rag } from './capacity/snapshot/types.ts'

export const DAY_SECONDS = 86_400

export const ragValue: Record<Rag, number> = { unknown: -1, green: 0, amber: 1, red: 2 }
