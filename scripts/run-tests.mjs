// The whole suite: type check, then every jest project. Extra arguments go to jest.
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => `${root}node_modules/.bin/${name}`;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const jestArgs = process.argv.slice(2);
if (jestArgs.length === 0) {
  console.log("Type checking ...");
  run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
}
run(bin("jest"), jestArgs.length ? jestArgs : ["--ci"]);
