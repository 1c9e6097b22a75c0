// Compiles each service to JavaScript: services/<name>/dist/main.js with its source map, one
// CommonJS file per entry that holds the service's own code and the workspace packages
// (@chatbot/*) it uses. npm packages are not bundled: they load from node_modules as they are
// (native and WASM parts, files they read beside themselves, such as PGlite's, pdf.js' and
// redoc's). What a service reads by path at run time is put beside the bundle:
//   dist/proto/            the .proto files (every service; @chatbot/grpc loads them)
//   dist/web/              the chat page, built by packages/web (gateway)
//   dist/read-worker.js    the document reader thread's entry (ingest)
//   dist/api-keys.js       the API-key command line (session)
// The code finds them through `compiledDir` (@chatbot/core), set by the `define` below.
//
// A service's package.json `dependencies` must list exactly the npm packages its bundles load,
// with the same version range as the workspace package that imports each: that list is what
// `pnpm deploy --prod` puts into its image. The workspace packages are compiled in, so they are
// devDependencies. This script checks both and fails on any difference.
//
//   node scripts/build-services.mjs              every service (npm run build)
//   node scripts/build-services.mjs gateway ...  only these
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;

/** Entries besides src/main.ts, by service: bundle name (dist/<name>.js) → source. */
const EXTRA_ENTRIES = {
  ingest: { "read-worker": "src/parsing/read-task.ts" },
  session: { "api-keys": "src/cli/api-keys.ts" },
};

/** Node's own modules, which need no declaration. */
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export const SERVICES = readdirSync(join(root, "services"))
  .filter((name) => existsSync(join(root, "services", name, "package.json")))
  .sort();

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** `pino` for `pino/file`, `@grpc/grpc-js` for `@grpc/grpc-js/build/x`. */
function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The folder of the package.json nearest above a file of the repository. */
function owningPackage(file) {
  let dir = dirname(join(root, file));
  while (dir.startsWith(root) && !existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return dir;
}

/** Everything but the workspace's own packages and relative paths stays an import of node_modules. */
const externalNpmPackages = {
  name: "external-npm-packages",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@chatbot/") ? undefined : { path: args.path, external: true }));
  },
};

/**
 * The npm packages the bundles load, each with the range its importing workspace packages
 * declare; problems for imports no importer declares or whose importers disagree.
 */
function loadedPackages(metafile) {
  const wanted = new Map();
  const problems = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith("<") || BUILTINS.has(imported.path)) continue;
      const name = packageName(imported.path);
      const owner = owningPackage(file);
      const manifest = readJson(join(owner, "package.json"));
      const range = manifest.dependencies?.[name];
      if (range === undefined) {
        problems.push(`${relative(root, file)} imports ${name}, which ${manifest.name}'s package.json does not list in dependencies`);
        continue;
      }
      const seen = wanted.get(name);
      if (seen && seen.range !== range) problems.push(`${name}: ${seen.by} asks for ${seen.range}, ${manifest.name} for ${range}`);
      else wanted.set(name, { range, by: manifest.name });
    }
  }
  return { wanted, problems };
}

function checkDependencies(service, wanted, problems) {
  const manifest = readJson(join(root, "services", service, "package.json"));
  const declared = manifest.dependencies ?? {};
  for (const [name, { range, by }] of wanted) {
    if (declared[name] === undefined) problems.push(`add "${name}": "${range}" to dependencies (dist loads it, through ${by})`);
    else if (declared[name] !== range) problems.push(`dependencies: "${name}" is "${declared[name]}", but ${by} asks for "${range}"`);
  }
  for (const name of Object.keys(declared)) {
    if (name.startsWith("@chatbot/")) problems.push(`move "${name}" to devDependencies: it is compiled into dist`);
    else if (!wanted.has(name)) problems.push(`remove "${name}" from dependencies (dist never loads it) or move it to devDependencies`);
  }
  if (JSON.stringify(manifest.files) !== JSON.stringify(["dist"])) problems.push(`set "files": ["dist"], so that pnpm deploy copies only the compiled service`);
  if (problems.length > 0) {
    throw new Error(`services/${service}/package.json does not match what its dist loads:\n  ${problems.join("\n  ")}`);
  }
}

function ensureWebPageBuilt() {
  const info = join(root, "packages", "web", "build-info.mjs");
  execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { needsBuild } = await import(${JSON.stringify(info)}); if (needsBuild()) await import(${JSON.stringify(join(root, "packages", "web", "build.mjs"))});`,
    ],
    {
      stdio: "inherit",
    },
  );
}

function sizeOf(path) {
  if (!statSync(path).isDirectory()) return statSync(path).size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

export async function buildService(service) {
  const serviceDir = join(root, "services", service);
  const outdir = join(serviceDir, "dist");
  const entryPoints = { main: join(serviceDir, "src", "main.ts") };
  for (const [name, source] of Object.entries(EXTRA_ENTRIES[service] ?? {})) entryPoints[name] = join(serviceDir, source);

  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: "node",
    format: "cjs",
    // The runtime images run Node 24; the sources are also run on Node 20.19+ (engines).
    target: "node20.19",
    sourcemap: "linked",
    // Class and function names stay as written: errors and logs name them.
    keepNames: true,
    define: { __CHATBOT_COMPILED__: "true" },
    plugins: [externalNpmPackages],
    metafile: true,
    logLevel: "warning",
  });

  const { wanted, problems } = loadedPackages(result.metafile);
  checkDependencies(service, wanted, problems);

  cpSync(join(root, "proto"), join(outdir, "proto"), { recursive: true, filter: (path) => statSync(path).isDirectory() || path.endsWith(".proto") });
  if (service === "gateway") {
    ensureWebPageBuilt();
    cpSync(join(root, "packages", "web", "dist"), join(outdir, "web"), { recursive: true });
  }
  return { service, bytes: sizeOf(outdir), packages: [...wanted.keys()].sort() };
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !SERVICES.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown service: ${unknown.join(", ")} (services: ${SERVICES.join(", ")})`);
    process.exit(2);
  }
  const started = Date.now();
  try {
    for (const service of requested.length > 0 ? requested : SERVICES) {
      const built = await buildService(service);
      console.log(`services/${service}/dist: ${Math.round(built.bytes / 1024)} KiB, loads ${built.packages.length} npm packages`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`Built in ${Date.now() - started} ms`);
}
