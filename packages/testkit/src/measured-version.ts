import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The version of `name` that code in `fromDirectory` loads: its package.json, found through require.resolve. */
export function installedVersion(name: string, fromDirectory: string): string {
  let manifest: string | undefined;
  try {
    manifest = require.resolve(`${name}/package.json`, { paths: [fromDirectory] });
  } catch {
    // Packages whose exports leave out package.json: up from their entry point to the manifest named `name`.
    for (let directory = dirname(require.resolve(name, { paths: [fromDirectory] })); ; directory = dirname(directory)) {
      const candidate = join(directory, "package.json");
      if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === name) {
        manifest = candidate;
        break;
      }
      if (dirname(directory) === directory) throw new Error(`No package.json of ${name} above its entry point`);
    }
  }
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/**
 * For a trick that reaches into a library's internals and stays only because a paired A/B
 * showed it worth its keep on one version of that library: throws when another version is
 * installed, so the trick is measured again before the pin moves.
 */
export function expectMeasuredOn(trick: string, name: string, measured: string, fromDirectory: string, bench: string): void {
  const installed = installedVersion(name, fromDirectory);
  if (installed === measured) return;
  throw new Error(
    `${trick} reaches into ${name}'s internals and was measured on ${name} ${measured}, but ${installed} is installed. ` +
      `Re-run \`${bench}\` first: keep the trick (and update this pin and the version note beside it) only if it still ` +
      "saves at least 5% of CPU, otherwise replace it with the plain library usage.",
  );
}
