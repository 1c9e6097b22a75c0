// Bundles the chat page (app/) with esbuild into dist/: index.html and content-hashed
// assets under dist/assets/, which the gateway serves at / and /assets/. Run by
// scripts/ensure-installed.mjs (so `npm start` and `npm test` build it) and `pnpm --filter @chatbot/web build`.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { distDir, needsBuild, sourceHash, webRoot } from "./build-info.mjs";

const started = Date.now();
const sources = sourceHash();
// Built beside dist/ and swapped in whole, so a running gateway never serves half a build.
const staging = join(webRoot, `.dist-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, "assets"), { recursive: true });

try {
  const result = await build({
    absWorkingDir: webRoot,
    entryPoints: { app: "app/main.tsx", styles: "app/styles.css" },
    outdir: join(staging, "assets"),
    entryNames: "[name]-[hash]",
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2022", "chrome111", "edge111", "firefox111", "safari16.4"],
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { "process.env.NODE_ENV": '"production"' },
    sourcemap: "linked",
    charset: "utf8",
    metafile: true,
    logLevel: "warning",
  });

  const outputFor = (entry) => {
    const [path] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === entry) ?? [];
    if (!path) throw new Error(`esbuild produced no output for ${entry}`);
    return `/assets/${basename(path)}`;
  };
  const script = outputFor("app/main.tsx");
  const styles = outputFor("app/styles.css");
  const html = readFileSync(join(webRoot, "app", "index.html"), "utf8")
    .replace("%SCRIPT%", script)
    .replace("%STYLES%", styles);
  writeFileSync(join(staging, "index.html"), html);
  writeFileSync(join(staging, "build.json"), `${JSON.stringify({ sources, script, styles, built_at: new Date().toISOString() }, null, 2)}\n`);

  const previous = `${distDir}-old-${process.pid}`;
  rmSync(previous, { recursive: true, force: true });
  try {
    renameSync(distDir, previous);
  } catch {
    // No earlier build.
  }
  try {
    renameSync(staging, distDir);
  } catch (error) {
    // Another build (a second `npm start` starting at the same moment) got there first with the same sources.
    if (needsBuild()) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(previous, { recursive: true, force: true });
  const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
  console.log(`Built the web page into packages/web/dist (${Math.round(bytes / 1024)} KiB with source maps) in ${Date.now() - started} ms`);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}
