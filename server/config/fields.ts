// Field shapes several config schemas share (estate, collectors, resilience),
// so an id or a fraction is checked, and worded, the same way everywhere.
import { z } from 'zod'

export const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "ggsn-north" (letters, digits, dashes)')

// A real calendar day (iso-date.ts), not only the shape.
export { isoDate } from './iso-date.ts'

export const fraction = z.number().gt(0, 'expected a fraction above 0').lte(1, 'expected a fraction of at most 1')
