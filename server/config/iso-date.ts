// Dates in config files: "2025-06-30" that is a real day. The shape alone let
// "2025-13-45" through, which then became an Invalid Date far from the file.
import { z } from 'zod'

function isRealDay(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

export const isoDate = z
  .string()
  .superRefine((text, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) ctx.addIssue({ code: 'custom', message: 'expected a date like "2025-06-30"' })
    else if (!isRealDay(text)) ctx.addIssue({ code: 'custom', message: 'not a real date (month 01-12, a day that month has)' })
  })
  .or(z.date().transform((d) => d.toISOString().slice(0, 10)))
