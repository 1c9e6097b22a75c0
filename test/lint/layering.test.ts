import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";

/**
 * The layering rules of eslint.config.mjs fire: each snippet below is linted as if it were a
 * file at the given path, with the repository's config. A config that stops catching one of
 * these fails here, not silently.
 */
const root = join(__dirname, "..", "..");
const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, "eslint.config.mjs") });

async function problems(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  if (!result) throw new Error(`no lint result for ${relativePath}`);
  return result.messages.map((message) => `${message.ruleId ?? "fatal"}: ${message.message}`);
}

const restricted = (path: string) => expect.stringMatching(new RegExp(`^no-restricted-imports: '${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}' import is restricted`));

describe("domain/ depends on nothing outward", () => {
  const domainFile = "services/session/src/domain/lint-probe.service.ts";

  it.each([
    ['import express from "express";', "express"],
    ['import type { Request } from "express";', "express"],
    ['import type { ServiceError } from "@grpc/grpc-js";', "@grpc/grpc-js"],
    ['import Redis from "ioredis";', "ioredis"],
    ['import { createClient } from "redis";', "redis"],
    ['import type { Pool } from "pg";', "pg"],
    ['import { PGlite } from "@electric-sql/pglite";', "@electric-sql/pglite"],
    ['import type { Channel } from "amqplib";', "amqplib"],
    ['import { QdrantClient } from "@qdrant/js-client-rest";', "@qdrant/js-client-rest"],
    ['export type { Channel } from "amqplib";', "amqplib"],
  ])("%s is refused", async (code, source) => {
    expect(await problems(domainFile, `${code}\n`)).toContainEqual(restricted(source));
  });

  it.each([
    ['import { x } from "../transport/session.grpc";', "../transport/session.grpc"],
    ['import type { X } from "../storage/sql-session.store";', "../storage/sql-session.store"],
    ['import { x } from "../clients/grpc-retrieval.client";', "../clients/grpc-retrieval.client"],
    ['import { x } from "../storage";', "../storage"],
  ])("%s is refused", async (code, source) => {
    expect(await problems(domainFile, `${code}\nexport { x };\n`)).toContainEqual(restricted(source));
  });

  it("applies to subject subfolders too", async () => {
    const file = "services/gateway/src/domain/chat/lint-probe.service.ts";
    expect(await problems(file, 'import type { X } from "../../storage/redis-stream-log.store";\n')).toContainEqual(restricted("../../storage/redis-stream-log.store"));
  });

  it("allows other domain files, workspace packages and libraries", async () => {
    const code = [
      'import { z } from "zod";',
      'import type { Logger } from "@chatbot/core";',
      'import type { SessionStore } from "./session.store";',
      "export const schema = z.string();",
      "export type Store = SessionStore;",
      "export type Log = Logger;",
      "",
    ].join("\n");
    expect(await problems("services/session/src/domain/lint-probe.service.ts", code)).toEqual([]);
  });
});

describe("transport/ goes through the domain", () => {
  it("refuses a storage adapter", async () => {
    expect(await problems("services/session/src/transport/lint-probe.grpc.ts", 'import type { X } from "../storage/sql-session.store";\n')).toContainEqual(
      restricted("../storage/sql-session.store"),
    );
  });

  it("refuses one from the gateway's transport/http/ too", async () => {
    expect(await problems("services/gateway/src/transport/http/lint-probe.routes.ts", 'import type { X } from "../../storage/redis-stream-log.store";\n')).toContainEqual(
      restricted("../../storage/redis-stream-log.store"),
    );
  });

  it("allows the domain", async () => {
    expect(await problems("services/session/src/transport/lint-probe.grpc.ts", 'import type { X } from "../domain/session.service";\nexport type Y = X;\n')).toEqual([]);
  });
});

describe("other services and packages only through their public entry", () => {
  it.each([
    ["packages/embedded/src/lint-probe.ts", 'import { x } from "@chatbot/ingest/src/config";', "@chatbot/ingest/src/config"],
    ["packages/embedded/src/lint-probe.ts", 'import { x } from "@chatbot/core/src/logger";', "@chatbot/core/src/logger"],
    ["packages/embedded/src/lint-probe.ts", 'import { x } from "../../../services/session/src/config";', "../../../services/session/src/config"],
    ["services/gateway/src/lint-probe.ts", 'import { x } from "../../session/src/domain/session.service";', "../../session/src/domain/session.service"],
    ["scripts/lint-probe.ts", 'import { x } from "../packages/core/src";', "../packages/core/src"],
    ["bench/chat/lint-probe.ts", 'import { x } from "../../packages/testkit/src/llm-upstream";', "../../packages/testkit/src/llm-upstream"],
    ["bench/chat/lint-probe.ts", 'import { x } from "../../services/ingest/src";', "../../services/ingest/src"],
    ["test/faults/lint-probe.test.ts", 'import { x } from "@chatbot/testkit/src/llm-upstream";', "@chatbot/testkit/src/llm-upstream"],
  ])("%s: %s is refused", async (file, code, source) => {
    expect(await problems(file, `${code}\nexport { x };\n`)).toContainEqual(restricted(source));
  });

  it("allows @chatbot/<name> and the subpaths a package declares in its exports", async () => {
    const code = [
      'import { createLogger } from "@chatbot/core";',
      'import { loadSessionConfig } from "@chatbot/session/config";',
      "export { createLogger, loadSessionConfig };",
      "",
    ].join("\n");
    expect(await problems("packages/embedded/src/lint-probe.ts", code)).toEqual([]);
  });

  it("lets tests and benchmarks reach a service's internals (white-box)", async () => {
    const code = 'import { x } from "../../services/session/src/domain/expiry-sweeper";\nexport { x };\n';
    expect(await problems("test/faults/lint-probe.test.ts", code)).toEqual([]);
  });
});

describe("no import cycles", () => {
  const dir = join(root, "test", "lint", `.cycle-probe-${process.pid}`);
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
    writeFileSync(join(dir, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("within a package", async () => {
    const code = 'import { b } from "./b";\nexport const a = () => b;\n';
    expect(await problems(join("test", "lint", `.cycle-probe-${process.pid}`, "a.ts"), code)).toContainEqual(expect.stringMatching(/^import-x\/no-cycle: /));
  });

  it("across packages (a package importing one that depends on it)", async () => {
    // @chatbot/runtime imports @chatbot/core (values): core's entry importing it back closes a cycle.
    const code = 'export { runStandalone } from "@chatbot/runtime";\n';
    expect(await problems("packages/core/src/index.ts", code)).toContainEqual(expect.stringMatching(/^import-x\/no-cycle: /));
  });
});
