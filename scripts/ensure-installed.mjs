// Installs the workspace with the pinned pnpm when dependencies are missing or stale,
// so `npm start` and `npm test` work on a machine that has only Node.js and npm.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stampPath = join(root, "node_modules", ".install-stamp");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmSpec = rootManifest.packageManager;

function manifestFiles() {
  const files = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"];
  for (const group of ["packages", "services"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const manifest = join(group, name, "package.json");
      if (existsSync(join(root, manifest))) files.push(manifest);
    }
  }
  return files.sort();
}

function fingerprint() {
  const hash = createHash("sha256");
  for (const file of manifestFiles()) {
    const path = join(root, file);
    hash.update(file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest("hex");
}

const wanted = fingerprint();
const current = existsSync(stampPath) ? readFileSync(stampPath, "utf8").trim() : "";
if (current !== wanted) {
  const lockfile = existsSync(join(root, "pnpm-lock.yaml"));
  const args = ["exec", "--yes", `--package=${pnpmSpec}`, "--", "pnpm", "install"];
  if (lockfile && process.env.CI) args.push("--frozen-lockfile");
  console.log(`Installing dependencies with ${pnpmSpec} ...`);
  execFileSync("npm", args, { cwd: root, stdio: "inherit", env: { ...process.env, npm_config_yes: "true" } });
  writeFileSync(stampPath, fingerprint() + "\n");
}

// The chat page the gateway serves at /: bundled from packages/web (esbuild, installed above)
// whenever its sources, build script or dependencies changed since the last build.
const webBuild = join(root, "packages", "web", "build-info.mjs");
if (existsSync(webBuild)) {
  const { needsBuild } = await import(webBuild);
  if (needsBuild()) execFileSync(process.execPath, [join(root, "packages", "web", "build.mjs")], { cwd: root, stdio: "inherit" });
}
