/** Reads `--name value` flags and positional arguments of a CLI command. */

/** Positional arguments and the values of the known flags. */
export interface ReadFlags {
  positional: string[];
  flags: Record<string, string | undefined>;
}

/**
 * Splits `args` into positional arguments and `--flag value` / `--flag=value` pairs for `known`
 * flags. An unknown flag is kept as positional so the command can report it.
 */
export function readFlags(args: readonly string[], known: readonly string[]): ReadFlags {
  const positional: string[] = [];
  const flags: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m && known.includes(m[1]!)) flags[m[1]!] = m[2] ?? args[++i];
    else positional.push(a);
  }
  return { positional, flags };
}
