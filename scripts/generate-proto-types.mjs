// Regenerates TypeScript types for every .proto under proto/ into packages/grpc/src/generated.
// `--check` regenerates into a temporary folder and fails if the committed types differ.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const protoRoot = join(root, "proto");
const target = join(root, "packages/grpc/src/generated");
const check = process.argv.includes("--check");

function walk(dir, predicate, found = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, predicate, found);
    else if (predicate(path)) found.push(path);
  }
  return found;
}

const protos = walk(protoRoot, (path) => path.endsWith(".proto"))
  .map((path) => relative(protoRoot, path))
  .sort();
const outDir = check ? mkdtempSync(join(tmpdir(), "proto-types-")) : target;
if (!check) rmSync(target, { recursive: true, force: true });
execFileSync(
  join(root, "packages/grpc/node_modules/.bin/proto-loader-gen-types"),
  [
    "--grpcLib=@grpc/grpc-js",
    `--outDir=${outDir}`,
    "--keepCase",
    "--longs=Number",
    "--enums=String",
    "--defaults",
    "--oneofs",
    "--includeComments",
    ...protos,
    `--includeDirs=${protoRoot}`,
  ],
  { stdio: "inherit" },
);
// The generator writes each proto's absolute path into a comment; keep the output the same on every machine.
for (const file of walk(outDir, (path) => path.endsWith(".ts"))) {
  const text = readFileSync(file, "utf8");
  if (text.includes(protoRoot)) writeFileSync(file, text.replaceAll(protoRoot, "proto"));
}

if (check) {
  const expected = walk(outDir, () => true)
    .map((path) => relative(outDir, path))
    .sort();
  const actual = existsSync(target)
    ? walk(target, () => true)
        .map((path) => relative(target, path))
        .sort()
    : [];
  const stale =
    expected.join("\n") !== actual.join("\n") || expected.some((file) => readFileSync(join(outDir, file), "utf8") !== readFileSync(join(target, file), "utf8"));
  rmSync(outDir, { recursive: true, force: true });
  if (stale) {
    console.error("Generated proto types are stale: run `npm run proto:gen`.");
    process.exit(1);
  }
  console.log("Generated proto types are up to date.");
}
