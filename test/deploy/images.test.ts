import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { validate } from "dockerfile-utils";
import { parseToObject } from "hcl2-parser";
import { loadGatewayConfig } from "../../services/gateway/src/config";
import { loadIngestConfig } from "../../services/ingest/src/config";
import { loadLlmProxyConfig } from "../../services/llm-proxy/src/config";
import { loadRetrievalConfig } from "../../services/retrieval/src/config";
import { loadSessionConfig } from "../../services/session/src/config";
import { readCompose, readText, readYaml, root, serviceNames } from "./support/deploy-files";

/** One Dockerfile instruction, continuation lines joined. */
interface Instruction {
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if (current === "" && (line.trim() === "" || line.trimStart().startsWith("#"))) continue;
    if (line.trimStart().startsWith("#")) continue; // a comment inside a continued instruction
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = "";
  }
  return logical.map((line) => {
    const [keyword = "", ...rest] = line.trim().split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
}

/** The instructions of each stage, by the stage's name (`FROM … AS name`). */
function stages(all: Instruction[]): Map<string, { from: string; body: Instruction[] }> {
  const found = new Map<string, { from: string; body: Instruction[] }>();
  let body: Instruction[] | undefined;
  for (const instruction of all) {
    if (instruction.keyword === "FROM") {
      const match = instruction.args.match(/^(\S+)\s+AS\s+(\S+)$/i);
      if (!match) throw new Error(`every stage is named: FROM ${instruction.args}`);
      body = [];
      found.set(match[2]!, { from: match[1]!, body });
    } else body?.push(instruction);
  }
  return found;
}

/** .dockerignore as Docker reads it, for the plain patterns this repository uses (no `!`). */
function dockerIgnored(patterns: string[], path: string): boolean {
  const regexes = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*\*\/?/g, "\u0000")
          .replace(/\*/g, "[^/]*")
          .replace(/\?/g, "[^/]")
          .replace(/\u0000/g, "(?:.*/)?")}$`,
      ),
  );
  const parts = path.split("/");
  // A path is left out when it, or a folder it is in, matches.
  return parts.some((_, index) => regexes.some((regex) => regex.test(parts.slice(0, index + 1).join("/"))));
}

const dockerfileText = readText("Dockerfile");
const dockerfile = instructions(dockerfileText);
const byStage = stages(dockerfile);
const stage = (name: string) => byStage.get(name)!;
const runs = (name: string) =>
  stage(name)
    .body.filter((instruction) => instruction.keyword === "RUN")
    .map((instruction) => instruction.args);
const argDefault = (name: string) => dockerfile.find((instruction) => instruction.keyword === "ARG" && instruction.args.startsWith(`${name}=`))?.args.split("=")[1];

const versionOf = (name: string) => readYaml<{ version: string }>(`services/${name}/package.json`).version;
const defaults: Record<string, { servicePort: number; healthPort: number }> = {
  gateway: { servicePort: loadGatewayConfig({}).PORT, healthPort: loadGatewayConfig({}).PORT },
  session: { servicePort: loadSessionConfig({}).GRPC_PORT, healthPort: loadSessionConfig({}).ADMIN_PORT },
  retrieval: { servicePort: loadRetrievalConfig({}).GRPC_PORT, healthPort: loadRetrievalConfig({}).ADMIN_PORT },
  "llm-proxy": { servicePort: loadLlmProxyConfig({}).GRPC_PORT, healthPort: loadLlmProxyConfig({}).ADMIN_PORT },
  ingest: { servicePort: loadIngestConfig({}).GRPC_PORT, healthPort: loadIngestConfig({}).ADMIN_PORT },
};

describe("Dockerfile (one for the five services)", () => {
  it("is a valid Dockerfile", () => {
    expect(validate(dockerfileText).map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`)).toEqual([]);
  });

  it("installs from the lockfile and the package manifests alone, before any source is copied", () => {
    expect([...byStage.keys()]).toEqual(["deps", "build", "deploy", "runtime"]);
    const copied = stage("deps")
      .body.filter((instruction) => instruction.keyword === "COPY")
      .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));
    const manifests = ["packages", "services"].flatMap((group) => workspacePackagesIn(group).map((name) => `${group}/${name}/package.json`));
    expect(copied.sort()).toEqual(["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ...manifests].sort());
    expect(runs("deps").some((command) => /^pnpm fetch\b/.test(command))).toBe(true);
    expect(runs("deps").some((command) => /^pnpm install .*--offline/.test(command) && command.includes("--frozen-lockfile"))).toBe(true);
  });

  it("compiles the sources once for every service, then deploys one service's production dependencies", () => {
    expect(stage("build").from).toBe("deps");
    expect(stage("build").body.map((instruction) => `${instruction.keyword} ${instruction.args}`)).toEqual(
      expect.arrayContaining(["COPY . .", "RUN node scripts/build-services.mjs"]),
    );
    expect(stage("deploy").from).toBe("build");
    expect(runs("deploy").join("\n")).toMatch(/pnpm --filter "@chatbot\/\$\{SERVICE\}" deploy --legacy --prod --offline \/out/);
  });

  it("runs the service from compiled JavaScript on a current LTS Node, as the node user, with a health check", () => {
    const runtime = stage("runtime");
    expect(runtime.from).toBe("node:${NODE_VERSION}-bookworm-slim");
    expect(stage("deps").from).toBe(runtime.from);
    expect(["22", "24"]).toContain(argDefault("NODE_VERSION"));
    expect(runtime.body.find((instruction) => instruction.keyword === "COPY")?.args).toBe("--from=deploy /out ./");
    const last = (keyword: string) => runtime.body.filter((instruction) => instruction.keyword === keyword).at(-1)?.args;
    expect(last("USER")).toBe("node");
    expect(JSON.parse(last("CMD")!)).toEqual(["node", "--enable-source-maps", "dist/main.js"]);
    const healthcheck = last("HEALTHCHECK")!;
    expect(healthcheck).toContain("/livez");
    expect(JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4))[0]).toBe("node");
    // Nothing of the build's toolchain: no package manager install and no sources in the last stage.
    expect(runtime.body.filter((instruction) => instruction.keyword === "COPY" && !instruction.args.startsWith("--from=deploy"))).toEqual([]);
  });

  it("has a .dockerignore that keeps out installs, builds, tests and secrets, and keeps what the build reads", () => {
    const patterns = readText(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    for (const path of [
      "node_modules/x/index.js",
      "services/gateway/node_modules/express/index.js",
      "services/gateway/dist/main.js",
      "packages/web/dist/index.html",
      ".env",
      ".git/HEAD",
      "services/session/test/config.test.ts",
      "test/deploy/images.test.ts",
    ]) {
      expect({ path, ignored: dockerIgnored(patterns, path) }).toEqual({ path, ignored: true });
    }
    const needed = [
      "package.json",
      "pnpm-lock.yaml",
      "pnpm-workspace.yaml",
      "tsconfig.json",
      "tsconfig.base.json",
      "scripts/build-services.mjs",
      "proto/chatbot/session/v1/session.proto",
      "packages/web/build.mjs",
      "packages/web/app/main.tsx",
      "packages/core/src/index.ts",
    ];
    for (const name of serviceNames) needed.push(`services/${name}/src/main.ts`, `services/${name}/package.json`);
    for (const path of needed) expect({ path, ignored: dockerIgnored(patterns, path) }).toEqual({ path, ignored: false });
  });
});

/** The workspace packages of packages/ or services/ (pnpm-workspace.yaml's two globs). */
function workspacePackagesIn(group: string): string[] {
  return readdirSync(join(root, group))
    .filter((name) => existsSync(join(root, group, name, "package.json")))
    .sort();
}

type Bake = {
  variable: Record<string, [{ default: string }]>;
  group: Record<string, [{ targets: string[] }]>;
  target: Record<string, [{ inherits?: string[]; context?: string; dockerfile?: string; target?: string; args?: Record<string, string>; tags?: string[] }]>;
};

describe("docker-bake.hcl", () => {
  const [parsed, error] = parseToObject(readText("docker-bake.hcl"));
  const bake = parsed as Bake;

  it("parses", () => {
    expect(error).toBeNull();
  });

  it("builds every service by default, from the Dockerfile's runtime stage", () => {
    expect([...bake.group.default![0].targets].sort()).toEqual(serviceNames);
    expect(bake.target._service![0]).toMatchObject({
      context: ".",
      dockerfile: "Dockerfile",
      target: "runtime",
      args: { NODE_VERSION: "${NODE_VERSION}", VERSION: "${TAG}" },
    });
    expect(bake.variable.NODE_VERSION![0].default).toBe(argDefault("NODE_VERSION"));
  });

  it("tags each image with TAG, which defaults to the services' package version", () => {
    for (const name of serviceNames) expect(versionOf(name)).toBe(bake.variable.TAG![0].default);
    for (const name of serviceNames) {
      const target = bake.target[name]![0];
      expect({ name, inherits: target.inherits, tags: target.tags }).toEqual({ name, inherits: ["_service"], tags: [`\${REGISTRY}/${name}:\${TAG}`] });
    }
  });

  it("gives each service its name and the ports its configuration defaults to", () => {
    for (const name of serviceNames) {
      const { servicePort, healthPort } = defaults[name]!;
      expect({ name, args: bake.target[name]![0].args }).toEqual({
        name,
        args: { SERVICE: name, SERVICE_PORT: String(servicePort), HEALTH_PORT: String(healthPort) },
      });
    }
  });

  it("is what docker-compose.yml builds and runs: the same Dockerfile, stage, arguments and image names", () => {
    const compose = readCompose();
    const tag = bake.variable.TAG![0].default;
    for (const name of serviceNames) {
      const entry = compose.services[name]!;
      expect({ name, image: entry.image }).toEqual({ name, image: `\${REGISTRY:-${bake.variable.REGISTRY![0].default}}/${name}:\${TAG:-${tag}}` });
      // Built here, never pulled: a registry may hold an unrelated image of the same name.
      expect({ name, pull: entry.pull_policy }).toEqual({ name, pull: "build" });
      expect({ name, build: entry.build }).toEqual({
        name,
        build: { context: ".", dockerfile: "Dockerfile", target: "runtime", args: bake.target[name]![0].args },
      });
      // The compose health check asks the port the image's own HEALTHCHECK would.
      expect(JSON.stringify(entry.healthcheck!.test)).toContain(`127.0.0.1:${defaults[name]!.healthPort}/`);
    }
  });
});
