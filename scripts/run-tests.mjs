// The whole suite: lint, format check, type check, then every jest project. Extra arguments go
// to jest (and skip the checks before it).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;

// Embedded PGlite loads parts of itself with dynamic import(), which jest's module sandbox
// only supports with vm modules enabled.
const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules", "--disable-warning=ExperimentalWarning"].filter(Boolean).join(" "),
};

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** ESLint (eslint.config.mjs: typescript-eslint, layering, cycles, public entries), as `npm run lint`. */
function lint() {
  console.log("Linting ...");
  run(process.execPath, [join(root, "scripts", "lint.mjs")]);
}

/** `prettier --check`, as `npm run format:check`: a file Prettier would change fails the suite. */
function checkFormat() {
  console.log("Checking formatting ...");
  run(bin("prettier"), ["--check", ".", "--log-level", "warn"]);
}

/**
 * The browser test drives Debian's Chromium. Where it is missing and this process may
 * install system packages (root with apt), install it once; otherwise that test fails
 * and says why.
 */
function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    console.warn("Chromium (/usr/bin/chromium) is missing; install Debian's chromium package for the browser test.");
    return;
  }
  console.log("Installing Debian's chromium for the browser test ...");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
  spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env: aptEnv });
}

/**
 * The Prometheus rules are checked with promtool, from Debian's prometheus package,
 * installed the same way. Installing that package asks the init system to start a
 * Prometheus server; a policy-rc.d that forbids it is put in place for the installation
 * (where none exists already) so that nothing is left running.
 */
function ensurePromtool() {
  if (!spawnSync("promtool", ["--version"], { stdio: "ignore" }).error) return;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    console.warn("promtool is missing; install Debian's prometheus package for the Prometheus rules test.");
    return;
  }
  console.log("Installing Debian's prometheus package for promtool ...");
  const policy = "/usr/sbin/policy-rc.d";
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "prometheus"], { stdio: "inherit", env: aptEnv });
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
}

const jestArgs = process.argv.slice(2);
ensureChromium();
ensurePromtool();
if (jestArgs.length === 0) {
  lint();
  checkFormat();
  console.log("Type checking ...");
  run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
  // The chat page is browser code (DOM types, JSX): it has a project of its own.
  run(bin("tsc"), ["-p", "packages/web/tsconfig.json", "--noEmit"]);
}
run(bin("jest"), jestArgs.length ? jestArgs : ["--ci"]);
