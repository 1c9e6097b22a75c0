// The llm-proxy benchmarks' processes: the test-kit upstream and llm-proxy, each in its own
// process, and a gRPC Generate client that times the first delta.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { callUnary, type llmV1 } from "@chatbot/grpc";
import type { StreamResult } from "../support/stream-level";

export const ROOT = join(__dirname, "../..");
export const PROXY_ENTRY = join(ROOT, "services/llm-proxy/src/main.ts");
const MESSAGES = [{ role: "user" as const, content: "서울 날씨 알려줘 ☀️" }];

export type { StreamResult } from "../support/stream-level";

export function startUpstream(tokens: number, tokenIntervalMs: number): Promise<{ process: ChildProcess; openaiBaseUrl: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "upstream-process.ts")], {
    cwd: ROOT,
    env: { ...process.env, BENCH_TOKENS: String(tokens), BENCH_TOKEN_INTERVAL_MS: String(tokenIntervalMs) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`upstream exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) =>
      resolve({ process: child, openaiBaseUrl: (JSON.parse(line) as { openaiBaseUrl: string }).openaiBaseUrl }),
    );
  });
}

/** llm-proxy from `entry` (another copy of the proxy for A/B runs), on the openai provider with an in-memory store; `env` adds to its environment. */
export function startProxy(openaiBaseUrl: string, port: number, entry = PROXY_ENTRY, env: Record<string, string> = {}): ChildProcess {
  // BENCH_PROFILE_DIR writes a CPU profile of the proxy there, for finding hot spots.
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, "--import", "tsx", entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: String(port),
      ADMIN_PORT: "0",
      LLM_PROVIDER: "openai",
      LLM_MODEL: "gpt-bench",
      OPENAI_API_KEY: "bench-key",
      OPENAI_BASE_URL: openaiBaseUrl,
      REDIS_URL: "",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export async function waitForProxy(client: llmV1.Client): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await callUnary(client, "llm-proxy", "ListModels", {}, { timeoutMs: 1000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** One Generate stream of `tokens` tokens; `onFailure` hears why a stream failed. */
export function streamThroughProxy(client: llmV1.Client, tokens: number, onFailure: (message: string) => void = () => undefined): Promise<StreamResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttftMs = 0;
    let counted = 0;
    let finished = false;
    const call = client.Generate({ messages: MESSAGES, max_new_tokens: tokens, caller_id: "bench" }, { deadline: new Date(Date.now() + 60_000) });
    let sawDelta = false;
    call.on("data", (event: llmV1.GenerateEvent) => {
      if (event.delta) {
        if (!sawDelta) ttftMs = performance.now() - started;
        sawDelta = true;
      } else if (event.final) {
        // Deltas that arrive together travel as one message: the final usage counts tokens.
        counted = event.final.usage?.completion_tokens ?? 0;
        finished = true;
      }
    });
    call.on("error", (error: Error) => {
      onFailure(error.message);
      resolve({ ttftMs, tokens: counted, ok: false });
    });
    call.on("end", () => resolve({ ttftMs, tokens: counted, ok: finished && counted === tokens }));
  });
}
