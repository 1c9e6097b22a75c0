// What share of search latency reranking takes, through the retrieval service's gRPC API.
//   node --import tsx bench/retrieval/rerank-share.ts [../shared/eval] [--delays 0,50,200] [--candidates 30] [--k 5]
// Loads the Korean evaluation corpus (one chunk per passage) into the embedded service, asks
// every question once without a reranker, then once per delay with the test-kit rerank server
// (in a process of its own, so its scoring does not share the service's event loop) answering
// after that many milliseconds: 0 shows this side's cost (request, JSON, validation, and the
// kit's bigram scoring); 50 is about a GPU cross-encoder over 30 passages; 200 a hosted API.
// Prints one JSON line per run: client latency percentiles and, from the service's own
// histograms, the mean search and rerank time and their ratio.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Registry } from "@chatbot/observability";
import { callUnary } from "@chatbot/grpc";
import { startRerankServer } from "@chatbot/testkit";
import { argument } from "../support/arguments";
import { percentile } from "../support/stats";
import { startEmbeddedRetrieval } from "./embedded-retrieval";

const TENANT = "rerank-bench";

async function serve(delayMs: number): Promise<void> {
  const server = await startRerankServer({ delayMs });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  // Requests are recorded for tests; a benchmark would only grow memory with them.
  setInterval(() => server.requests.splice(0), 1000).unref();
  process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
  process.stdin.resume();
}

/** The kit server in a child process; ends when this process closes its stdin. */
async function spawnRerankServer(delayMs: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", __filename, "--serve", "--delay", String(delayMs)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const line = (await lines.next()).value as string | undefined;
  return { url: (JSON.parse(line!) as { url: string }).url, stop: () => child.stdin!.end() };
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

async function histogramMean(registry: Registry, name: string): Promise<{ count: number; meanMs: number }> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return { count: 0, meanMs: 0 };
  const { values } = await metric.get();
  const sum = (values as { metricName?: string; value: number }[]).find((value) => value.metricName === `${name}_sum`)?.value ?? 0;
  const count = (values as { metricName?: string; value: number }[]).find((value) => value.metricName === `${name}_count`)?.value ?? 0;
  return { count, meanMs: count ? (sum / count) * 1000 : 0 };
}

async function run(label: string, env: Record<string, string>, k: number) {
  const directory = resolve(process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "../shared/eval");
  const passages = readJsonl<{ id: string; title: string; text: string; source: string }>(`${directory}/corpus.jsonl`);
  const questions = readJsonl<{ question: string }>(`${directory}/queries.jsonl`).map((query) => query.question);
  const retrieval = await startEmbeddedRetrieval(env);
  try {
    for (let start = 0; start < passages.length; start += 128) {
      const chunks = passages
        .slice(start, start + 128)
        .map((passage) => ({ document_id: passage.id, chunk_index: 0, title: passage.title, text: passage.text, source: passage.source }));
      await callUnary(retrieval.client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks }, { timeoutMs: 60_000 });
    }
    // A few searches first, so that connection set-up and JIT are not measured.
    for (const question of questions.slice(0, 10)) await callUnary(retrieval.client, "retrieval", "Search", { tenant_id: TENANT, query: question, k });
    const before = {
      search: await histogramMean(retrieval.registry, "chatbot_retrieval_search_duration_seconds"),
      rerank: await histogramMean(retrieval.registry, "chatbot_retrieval_rerank_duration_seconds"),
    };
    const latencies: number[] = [];
    for (const question of questions) {
      const started = performance.now();
      await callUnary(retrieval.client, "retrieval", "Search", { tenant_id: TENANT, query: question, k }, { timeoutMs: 30_000 });
      latencies.push(performance.now() - started);
    }
    const search = await histogramMean(retrieval.registry, "chatbot_retrieval_search_duration_seconds");
    const rerank = await histogramMean(retrieval.registry, "chatbot_retrieval_rerank_duration_seconds");
    // Means over the measured searches only: totals minus the warm-up's.
    const meanOf = (after: { count: number; meanMs: number }, earlier: { count: number; meanMs: number }) =>
      after.count > earlier.count ? (after.meanMs * after.count - earlier.meanMs * earlier.count) / (after.count - earlier.count) : 0;
    const searchMs = meanOf(search, before.search);
    const rerankMs = meanOf(rerank, before.rerank);
    const round = (value: number) => Math.round(value * 100) / 100;
    console.log(
      JSON.stringify({
        run: label,
        searches: latencies.length,
        k,
        client_ms_p50: round(percentile(latencies, 50)),
        client_ms_p99: round(percentile(latencies, 99)),
        server_search_ms_mean: round(searchMs),
        rerank_ms_mean: round(rerankMs),
        rerank_share_of_search: searchMs ? round(rerankMs / searchMs) : 0,
      }),
    );
  } finally {
    await retrieval.stop();
  }
}

async function main() {
  const k = Number(argument("k", "5"));
  const candidates = argument("candidates", "30");
  await run("no reranker", {}, k);
  for (const delayMs of argument("delays", "0,50,200").split(",").map(Number)) {
    const server = await spawnRerankServer(delayMs);
    try {
      await run(`reranker +${delayMs} ms`, { RERANK_URL: server.url, RERANK_CANDIDATES: candidates, RERANK_TIMEOUT_MS: "4000" }, k);
    } finally {
      server.stop();
    }
  }
}

if (process.argv.includes("--serve")) {
  void serve(Number(argument("delay", "0")));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
