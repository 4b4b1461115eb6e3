// Sizes people write in config and the environment: 536870912, "512MB",
// "512MiB", "1GB". Binary and decimal suffixes both mean powers of 1024 here:
// nobody sizing a spool means 10^6 by "MB", and one meaning is easier to read.
const units: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

/** Bytes, or an error sentence quoting the text. */
export function parseByteSize(text: string): { bytes: number } | { error: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text)
  const factor = m ? units[(m[2] ?? '').toLowerCase()] : undefined
  if (!m || factor === undefined) return { error: `expected a size like "512MB", "1GiB" or a number of bytes, got '${text}'` }
  const bytes = Math.floor(Number(m[1]) * factor)
  if (bytes < 1) return { error: `expected a size above 0 bytes, got '${text}'` }
  return { bytes }
}
