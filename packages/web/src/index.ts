import { existsSync } from "node:fs";
import { join } from "node:path";

/** The built chat page: `dist/index.html` and its content-hashed files under `dist/assets/`. */
export interface WebPageFiles {
  dir: string;
  index: string;
  assets: string;
}

/** Where the page is built to (by build.mjs, which ensure-installed runs). */
export const webDistDir = join(__dirname, "..", "dist");

/** The built page in `dir`, or undefined when it has not been built. */
export function webPageFiles(dir: string = webDistDir): WebPageFiles | undefined {
  const index = join(dir, "index.html");
  if (!existsSync(index)) return undefined;
  return { dir, index, assets: join(dir, "assets") };
}

export { ensureWebPageBuilt } from "./ensure-built";
