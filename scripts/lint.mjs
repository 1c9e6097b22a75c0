// ESLint over the repository (eslint.config.mjs), as `npm run lint` and the first step of `npm test`.
// Every violation fails the run; there are no exemptions. Extra arguments go to ESLint (e.g.
// `npm run lint -- --fix`).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = [
  join(root, "node_modules", "eslint", "bin", "eslint.js"),
  // The cache holds each file's result for its content and the config; no-cycle still sees
  // every cycle through a changed file, since it follows that file's imports.
  "--cache",
  "--cache-strategy",
  "content",
  "--cache-location",
  join(root, "node_modules", ".cache", "eslint", ".eslintcache"),
  "--max-warnings",
  "0",
  ...process.argv.slice(2),
  ".",
];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
