// What each service image holds besides Node.js itself, measured without Docker: the runtime
// stage's /app is made the way the Dockerfile makes it (npm run build, then
// `pnpm --filter @chatbot/<service> deploy --legacy --prod --offline`, src/ removed), and set
// beside what the earlier images held (the whole checkout, COPY . ., with
// `pnpm install --prod=false --filter "@chatbot/<service>..." --filter chatbot-backend`: every
// root devDependency, tsx to run the TypeScript, and the service's dev dependencies).
// The base image (node:<version>-bookworm-slim) is not counted: it is the same for both.
//
//   node scripts/measure-image-contents.mjs [--no-baseline] [--keep] [service ...]
//
// Needs the workspace installed (npm test or node scripts/ensure-installed.mjs did it): both
// installs are made offline from pnpm's store. Takes a few minutes on two cores.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const baseline = !args.includes("--no-baseline");
const keep = args.includes("--keep");
const services = readdirSync(join(root, "services"))
  .filter((name) => existsSync(join(root, "services", name, "package.json")))
  .sort();
const requested = args.filter((arg) => !arg.startsWith("--"));
for (const name of requested) if (!services.includes(name)) throw new Error(`Unknown service ${name} (services: ${services.join(", ")})`);
const chosen = requested.length > 0 ? requested : services;

/** pnpm as the root package.json pins it: the one on PATH when it is that version, else through npm exec. */
function pnpmCommand() {
  const wanted = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
  const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (onPath.status === 0 && `pnpm@${onPath.stdout.trim()}` === wanted) return ["pnpm"];
  return ["npm", "exec", "--yes", `--package=${wanted}`, "--", "pnpm"];
}
const pnpm = pnpmCommand();
function runPnpm(pnpmArgs, cwd) {
  const [command, ...prefix] = pnpm;
  execFileSync(command, [...prefix, ...pnpmArgs], { cwd, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, npm_config_yes: "true" } });
}

/** Bytes of the regular files under `path`, each file once however many hard links it has here; symlinks not followed. */
function apparentBytes(path, seen = new Set()) {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return 0;
  if (stat.isDirectory()) return readdirSync(path).reduce((total, name) => total + apparentBytes(join(path, name), seen), 0);
  if (seen.has(stat.ino)) return 0;
  seen.add(stat.ino);
  return stat.size;
}

/** Disk usage as `du -sh` gives it (blocks, so more than the bytes for many small files); several paths: their total. */
function du(...paths) {
  const lines = execFileSync("du", ["-shc", ...paths], { encoding: "utf8" })
    .trim()
    .split("\n");
  return lines.at(-1).split("\t")[0];
}

/** Installed packages: the entries of pnpm's virtual store (name@version, one per peer set). */
function packageCount(nodeModules) {
  const store = join(nodeModules, ".pnpm");
  if (!existsSync(store)) return 0;
  return readdirSync(store, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== "node_modules").length;
}

/** The largest installed packages under a deploy's node_modules/.pnpm. */
function largest(nodeModules, count) {
  const store = join(nodeModules, ".pnpm");
  return readdirSync(store, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "node_modules")
    .map((entry) => ({ name: entry.name.replace(/_.*$/, ""), bytes: apparentBytes(join(store, entry.name)) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/** The highest lower bound any installed package puts on Node's version (engines.node), and who asks for it. */
function nodeFloor(nodeModules) {
  let floor = { version: [0, 0, 0], by: "" };
  const store = join(nodeModules, ".pnpm");
  for (const entry of readdirSync(store)) {
    const packages = join(store, entry, "node_modules");
    if (!existsSync(packages)) continue;
    for (const scopeOrName of readdirSync(packages)) {
      const names = scopeOrName.startsWith("@") ? readdirSync(join(packages, scopeOrName)).map((name) => `${scopeOrName}/${name}`) : [scopeOrName];
      for (const name of names) {
        const manifestPath = join(packages, name, "package.json");
        if (lstatSync(join(packages, name)).isSymbolicLink() || !existsSync(manifestPath)) continue;
        const range = JSON.parse(readFileSync(manifestPath, "utf8")).engines?.node;
        if (typeof range !== "string") continue;
        // The lowest version any alternative (`||`) allows: that alternative's ">=" bound.
        const bounds = range
          .split("||")
          .map((alternative) => alternative.match(/>=?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/) ?? alternative.match(/\^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/));
        if (bounds.some((bound) => !bound)) continue;
        const lowest = bounds.map((bound) => [Number(bound[1]), Number(bound[2] ?? 0), Number(bound[3] ?? 0)]).sort(compare)[0];
        if (compare(lowest, floor.version) > 0) floor = { version: lowest, by: name };
      }
    }
  }
  return `${floor.version.join(".")} (${floor.by})`;
}
function compare(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const work = mkdtempSync(join(tmpdir(), "image-contents-"));

/** The workspace's manifests and lockfile in a folder of their own, for an install as the earlier images made it. */
function manifestsCopy() {
  const dir = join(work, "workspace");
  for (const file of ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"]) cpSync(join(root, file), join(dir, file));
  for (const group of ["packages", "services"]) {
    for (const name of readdirSync(join(root, group))) {
      const manifest = join(root, group, name, "package.json");
      if (!existsSync(manifest)) continue;
      mkdirSync(join(dir, group, name), { recursive: true });
      cpSync(manifest, join(dir, group, name, "package.json"));
    }
  }
  return dir;
}

/** The checkout's tracked files (what COPY . . brought in, less node_modules). */
function checkoutBytes() {
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
  return files.reduce((total, file) => {
    try {
      return total + lstatSync(join(root, file)).size;
    } catch {
      return total;
    }
  }, 0);
}

try {
  console.error("Compiling the services (npm run build) ...");
  execFileSync(process.execPath, [join(root, "scripts", "build-services.mjs")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });

  const rows = [];
  const workspace = baseline ? manifestsCopy() : undefined;
  const sources = baseline ? checkoutBytes() : 0;
  for (const service of chosen) {
    console.error(`${service}: pnpm deploy --prod ...`);
    const out = join(work, `deploy-${service}`);
    runPnpm(["--filter", `@chatbot/${service}`, "deploy", "--legacy", "--prod", "--offline", out], root);
    rmSync(join(out, "src"), { recursive: true, force: true });
    const row = {
      service,
      bytes: apparentBytes(out),
      du: du(out),
      dist: apparentBytes(join(out, "dist")),
      packages: packageCount(join(out, "node_modules")),
      floor: nodeFloor(join(out, "node_modules")),
      largest: largest(join(out, "node_modules"), 3),
    };
    if (workspace) {
      console.error(`${service}: the earlier install (--prod=false --filter "@chatbot/${service}..." --filter chatbot-backend) ...`);
      rmSync(join(workspace, "node_modules"), { recursive: true, force: true });
      for (const group of ["packages", "services"]) {
        for (const name of readdirSync(join(workspace, group))) rmSync(join(workspace, group, name, "node_modules"), { recursive: true, force: true });
      }
      runPnpm(["install", "--offline", "--frozen-lockfile", "--prod=false", "--filter", `@chatbot/${service}...`, "--filter", "chatbot-backend"], workspace);
      const seen = new Set();
      const folders = [
        join(workspace, "node_modules"),
        ...["packages", "services"].flatMap((group) => readdirSync(join(workspace, group)).map((name) => join(workspace, group, name, "node_modules"))),
      ].filter((path) => existsSync(path));
      const installed = folders.reduce((total, path) => total + apparentBytes(path, seen), 0);
      row.before = { bytes: installed + sources, du: du(...folders), packages: packageCount(join(workspace, "node_modules")) };
    }
    rows.push(row);
    if (!keep) rmSync(out, { recursive: true, force: true });
  }

  console.log("");
  console.log(
    "| service | image /app now (du -sh) | of which dist/ | npm packages now | before: checkout + dev install (du -sh of node_modules) | packages before | Node ≥ (engines) |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const before = row.before ? [`${mib(row.before.bytes)} (${row.before.du})`, String(row.before.packages)] : ["–", "–"];
    console.log(`| ${row.service} | ${mib(row.bytes)} (${row.du}) | ${mib(row.dist)} | ${row.packages} | ${before[0]} | ${before[1]} | ${row.floor} |`);
  }
  console.log("");
  for (const row of rows) console.log(`${row.service}: largest packages ${row.largest.map((entry) => `${entry.name} ${mib(entry.bytes)}`).join(", ")}`);
  if (keep) console.log(`\nThe deploy folders are kept under ${work}`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else rmSync(join(work, "workspace"), { recursive: true, force: true });
}
