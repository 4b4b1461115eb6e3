// Tiny flag parser for the subcommands: `--name value` or `--name=value`,
// boolean flags, positional arguments. Unknown flags are errors that list
// the known ones, so a typo never silently runs with defaults.

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[]
  values: Map<string, string>
  flags: Set<string>
}

export function parseArgs(
  argv: readonly string[],
  command: string,
  valued: readonly string[],
  booleans: readonly string[] = [],
): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: new Map(), flags: new Set() }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) {
      out.positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2)
    if (booleans.includes(name) && eq < 0) {
      out.flags.add(name)
      continue
    }
    if (!valued.includes(name)) {
      const known = [...valued, ...booleans].map((n) => `--${n}`).join(', ') || 'none'
      throw new UsageError(`${command}: unknown option --${name} (known: ${known})`)
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '') throw new UsageError(`${command}: --${name} needs a value`)
    out.values.set(name, value)
  }
  return out
}
