// Where the built page lives and whether it is up to date with its sources. No dependencies,
// so scripts/ensure-installed.mjs can ask before anything is installed.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const webRoot = new URL(".", import.meta.url).pathname;
export const distDir = join(webRoot, "dist");
export const buildInfoPath = join(distDir, "build.json");

function filesUnder(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/** A hash of everything the bundle is made from: the page's sources, the build scripts and the pinned dependencies. */
export function sourceHash() {
  const hash = createHash("sha256");
  const files = [...filesUnder(join(webRoot, "app")), join(webRoot, "build.mjs"), join(webRoot, "build-info.mjs"), join(webRoot, "package.json")];
  for (const file of files) {
    hash.update(relative(webRoot, file));
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** True when dist/ is missing or was built from other sources. */
export function needsBuild() {
  if (!existsSync(buildInfoPath)) return true;
  try {
    return JSON.parse(readFileSync(buildInfoPath, "utf8")).sources !== sourceHash();
  } catch {
    return true;
  }
}
