/** The value after `--name` on the command line, or `fallback`. */
export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1]! : fallback;
}

/** A numeric `--name` option, or `fallback`. */
export function numberArgument(name: string, fallback: number): number {
  return Number(argument(name, String(fallback)));
}
