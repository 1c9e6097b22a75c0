import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * Builds the page when its sources changed since the last build, as scripts/ensure-installed.mjs
 * does, for test runs that did not go through it (`node scripts/run-tests.mjs <path>`).
 */
export function ensureWebPageBuilt(): void {
  execFileSync(
    process.execPath,
    ["--input-type=module", "-e", "const { needsBuild } = await import('./build-info.mjs'); if (needsBuild()) await import('./build.mjs');"],
    { cwd: join(__dirname, ".."), stdio: "inherit" },
  );
}
