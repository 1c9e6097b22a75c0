// The whole suite: type check, then every jest project. Extra arguments go to jest.
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;

// Embedded PGlite loads parts of itself with dynamic import(), which jest's module sandbox
// only supports with vm modules enabled.
const env = {
  ...process.env,
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules", "--disable-warning=ExperimentalWarning"]
    .filter(Boolean)
    .join(" "),
};

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const jestArgs = process.argv.slice(2);
if (jestArgs.length === 0) {
  console.log("Type checking ...");
  run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
}
run(bin("jest"), jestArgs.length ? jestArgs : ["--ci"]);
