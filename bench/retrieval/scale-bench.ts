// The retrieval service at growing corpus sizes, as its own process, on either store:
//   node --import tsx bench/retrieval/scale-bench.ts --store embedded [--sizes 10000,100000]
//   node --import tsx bench/retrieval/scale-bench.ts --store qdrant [--sizes 10000,100000,1000000] [--qdrant-url URL]
// Options: --eval DIR (default ../shared/eval from the repository root), --searches N per
// concurrency (600), --warmup N (100), --in-flight N upsert calls (4), --seed N, --keep-data
// (leave the embedded DATA_DIR in place and print its path, e.g. for EXPLAIN ANALYZE),
// --retrieval-main PATH (another copy of services/retrieval/src/main.ts, to measure a change).
//
// Chunks come from scale-corpus.ts (the evaluation passages' sentences recombined, 300–900
// characters, ~20 per document) and go in through gRPC UpsertChunks (256 per call). At each
// checkpoint the service process is restarted (start-up = spawn → gRPC health SERVING), warmed
// up, then asked the evaluation questions (k = 10) in a closed loop at concurrency 1 and 16;
// latency is the client's gRPC round trip. Memory is the service process's own VmRSS (and
// Qdrant's, for --store qdrant), the larger of after the warm-up and after the searches.
// Prints a JSON line per checkpoint and a markdown table at the end.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { callUnary } from "@chatbot/grpc";
import { startDisposableQdrant, type DisposableServer } from "@chatbot/testkit";
import { argument, numberArgument } from "../support/arguments";
import { runConcurrently } from "../support/concurrency";
import { repositoryRoot } from "../support/processes";
import { percentile } from "../support/stats";
import { loadQuestions, loadSentencePool, scaleChunks, seededRandom, take, type ScaleChunk } from "./scale-corpus";
import { pidListeningOn, processMemory, startRetrievalProcess, type RetrievalProcess } from "./retrieval-process";

const store = argument("store", "embedded");
if (store !== "embedded" && store !== "qdrant") throw new Error("--store must be embedded or qdrant");
const sizes = argument("sizes", store === "qdrant" ? "10000,100000,1000000" : "10000,100000")
  .split(",")
  .map(Number)
  .sort((a, b) => a - b);
const evalDir = resolve(repositoryRoot, argument("eval", "../shared/eval"));
const searches = numberArgument("searches", 600);
const warmup = numberArgument("warmup", 100);
const inFlight = numberArgument("in-flight", 4);
const seed = numberArgument("seed", 20_240_601);
const qdrantUrlArgument = argument("qdrant-url", "");
const keepData = process.argv.includes("--keep-data");
const retrievalMain = resolve(repositoryRoot, argument("retrieval-main", "services/retrieval/src/main.ts"));
const BATCH = 256;
const TENANT = "bench";
const K = 10;

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;
const log = (message: string) => process.stderr.write(`[scale-bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Bytes under a directory (`du`), or undefined when it cannot be read. */
function diskMb(path: string): number | undefined {
  const result = spawnSync("du", ["-sm", path], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.split("\t")[0]) : undefined;
}

interface QdrantTarget {
  url: string;
  collection: string;
  pid: number | undefined;
  dataDir: string | undefined;
  dispose(): Promise<void>;
}

async function openQdrant(): Promise<QdrantTarget> {
  const collection = `scale_bench_${Date.now()}`;
  let server: DisposableServer | undefined;
  const url = qdrantUrlArgument || (server = await startDisposableQdrant()).url;
  const { hostname, port } = new URL(url);
  const local = hostname === "127.0.0.1" || hostname === "localhost";
  const pid = local ? pidListeningOn(Number(port || 80)) : undefined;
  const dataDir = pid ? spawnSync("readlink", [`/proc/${pid}/cwd`], { encoding: "utf8" }).stdout.trim() : undefined;
  return {
    url,
    collection,
    pid,
    dataDir,
    async dispose() {
      if (server) await server.dispose();
      else await fetch(`${url}/collections/${collection}`, { method: "DELETE" }).catch(() => undefined);
    },
  };
}

/** Waits until Qdrant has indexed everything it acknowledged (collection status green); seconds waited. */
async function waitForGreen(qdrant: QdrantTarget): Promise<number> {
  const started = performance.now();
  for (;;) {
    const response = await fetch(`${qdrant.url}/collections/${qdrant.collection}`);
    const body = (await response.json()) as { result?: { status?: string } };
    if (body.result?.status === "green") return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Upserts the next `count` chunks of the stream with up to `inFlight` calls under way; seconds taken. */
async function ingest(retrieval: RetrievalProcess, chunks: Iterator<ScaleChunk>, count: number, from: number): Promise<number> {
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let acknowledged = 0;
  let lastReport = started;
  let failure: unknown;
  while (sent < count && failure === undefined) {
    const batch = take(chunks, Math.min(BATCH, count - sent));
    sent += batch.length;
    const call: Promise<void> = callUnary(retrieval.client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks: batch }, { timeoutMs: 300_000 })
      .then(() => {
        acknowledged += batch.length;
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => pending.delete(call));
    pending.add(call);
    if (pending.size >= inFlight) await Promise.race(pending);
    const now = performance.now();
    if (now - lastReport > 15_000) {
      lastReport = now;
      log(`${from + acknowledged} chunks, ${Math.round(acknowledged / ((now - started) / 1000))} chunks/s in this segment`);
    }
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  return (performance.now() - started) / 1000;
}

interface SearchRun {
  p50: number;
  p99: number;
  serverP50: number;
  serverP99: number;
  perSecond: number;
  emptyResults: number;
}

async function searchRun(retrieval: RetrievalProcess, questions: readonly string[], concurrency: number, total: number, next: () => number): Promise<SearchRun> {
  const latencies: number[] = [];
  const serverMs: number[] = [];
  let emptyResults = 0;
  const { seconds } = await runConcurrently(
    concurrency,
    total,
    async () => {
      const query = questions[Math.floor(next() * questions.length)]!;
      const started = performance.now();
      const response = await callUnary(retrieval.client, "retrieval", "Search", { tenant_id: TENANT, query, k: K }, { timeoutMs: 60_000 });
      latencies.push(performance.now() - started);
      serverMs.push(response.took_ms);
      if (response.results.length === 0) emptyResults += 1;
    },
    // Spread the workers' first calls so that they do not stay in step.
    { rampMs: concurrency > 1 ? 50 : 0 },
  );
  return {
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    serverP50: round(percentile(serverMs, 50)),
    serverP99: round(percentile(serverMs, 99)),
    perSecond: Math.round(total / seconds),
    emptyResults,
  };
}

interface Checkpoint {
  store: string;
  chunks: number;
  ingest_seconds: number;
  ingest_chunks_per_second: number;
  qdrant_index_wait_seconds?: number;
  startup_ms: number;
  store_open_ms: number | undefined;
  retrieval_rss_mb: number;
  retrieval_rss_anon_mb: number;
  qdrant_rss_mb?: number;
  qdrant_rss_anon_mb?: number;
  disk_mb: number | undefined;
  c1: SearchRun;
  c16: SearchRun;
}

async function main() {
  const pool = loadSentencePool(evalDir);
  const questions = loadQuestions(evalDir);
  log(`corpus: ${pool.passages} passages → ${pool.all.length} sentence units in ${pool.topics.length} topics; ${questions.length} questions`);
  const dataDir = mkdtempSync(join(tmpdir(), "retrieval-scale-"));
  const qdrant = store === "qdrant" ? await openQdrant() : undefined;
  if (qdrant) log(`Qdrant ${qdrant.url} (pid ${qdrant.pid ?? "unknown"}), collection ${qdrant.collection}`);
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    EMBEDDING_PROVIDER: "none",
    ...(qdrant ? { QDRANT_URL: qdrant.url, COLLECTION_NAME: qdrant.collection } : {}),
  };
  const chunks = scaleChunks(pool, seed);
  const next = seededRandom(seed + 1);
  const results: Checkpoint[] = [];
  let retrieval = await startRetrievalProcess(env, retrievalMain);
  console.log(
    JSON.stringify({
      store,
      chunks: 0,
      startup_ms: Math.round(retrieval.startupMs),
      store_open_ms: retrieval.storeOpenMs,
      retrieval_rss_mb: processMemory(retrieval.pid).rssMb,
    }),
  );
  try {
    let stored = 0;
    for (const size of sizes) {
      log(`ingesting ${stored} → ${size}`);
      const seconds = await ingest(retrieval, chunks, size - stored, stored);
      const ingested = size - stored;
      stored = size;
      const indexWait = qdrant ? await waitForGreen(qdrant) : undefined;
      log(`restarting the service at ${size} chunks`);
      await retrieval.stop();
      retrieval = await startRetrievalProcess(env, retrievalMain);

      const memory = () => {
        const own = processMemory(retrieval.pid);
        const server = qdrant?.pid ? processMemory(qdrant.pid) : undefined;
        return { own, server };
      };
      await searchRun(retrieval, questions, 1, warmup, next);
      const afterWarmup = memory();
      log(`searching at ${size} chunks`);
      const c1 = await searchRun(retrieval, questions, 1, searches, next);
      const c16 = await searchRun(retrieval, questions, 16, searches, next);
      const afterSearches = memory();
      const larger = <T extends { rssMb: number }>(a: T | undefined, b: T | undefined) => (a && b ? (a.rssMb >= b.rssMb ? a : b) : (a ?? b));
      const own = larger(afterWarmup.own, afterSearches.own)!;
      const server = larger(afterWarmup.server, afterSearches.server);
      const checkpoint: Checkpoint = {
        store,
        chunks: size,
        ingest_seconds: round(seconds),
        ingest_chunks_per_second: Math.round(ingested / seconds),
        ...(indexWait !== undefined ? { qdrant_index_wait_seconds: round(indexWait) } : {}),
        startup_ms: Math.round(retrieval.startupMs),
        store_open_ms: retrieval.storeOpenMs,
        retrieval_rss_mb: own.rssMb,
        retrieval_rss_anon_mb: own.anonMb,
        ...(server ? { qdrant_rss_mb: server.rssMb, qdrant_rss_anon_mb: server.anonMb } : {}),
        disk_mb: qdrant ? (qdrant.dataDir ? diskMb(qdrant.dataDir) : undefined) : diskMb(dataDir),
        c1,
        c16,
      };
      results.push(checkpoint);
      console.log(JSON.stringify(checkpoint));
    }
  } finally {
    await retrieval.stop();
    await qdrant?.dispose();
    if (keepData && !qdrant) log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  printSummary(results);
}

function printSummary(results: Checkpoint[]) {
  const mb = (value: number | undefined) => (value === undefined ? "–" : `${value}`);
  console.log("");
  console.log(
    "| store | chunks | ingest (chunks/s) | start-up (ms) | retrieval RSS (MB) | Qdrant RSS (MB) | disk (MB) | c=1 p50 / p99 (ms) | c=16 p50 / p99 (ms) | c=16 searches/s |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of results) {
    console.log(
      `| ${row.store} | ${row.chunks.toLocaleString("en")} | ${row.ingest_chunks_per_second.toLocaleString("en")} | ${row.startup_ms} | ${row.retrieval_rss_mb} | ${mb(row.qdrant_rss_mb)} | ${mb(row.disk_mb)} | ${row.c1.p50} / ${row.c1.p99} | ${row.c16.p50} / ${row.c16.p99} | ${row.c16.perSecond} |`,
    );
  }
  if (results.length === 0) return;
  const first = results[0]!;
  const last = results[results.length - 1]!;
  const p99Target = store === "embedded" ? { chunks: 100_000, ms: 30 } : { chunks: 1_000_000, ms: 50 };
  const atTarget = results.find((row) => row.chunks === p99Target.chunks);
  const verdict = (ok: boolean) => (ok ? "pass" : "FAIL");
  console.log("");
  console.log(
    atTarget
      ? `- search p99 at c=16, ${p99Target.chunks.toLocaleString("en")} chunks ≤ ${p99Target.ms} ms: ${atTarget.c16.p99} ms — ${verdict(atTarget.c16.p99 <= p99Target.ms)}`
      : `- search p99 at c=16, ${p99Target.chunks.toLocaleString("en")} chunks ≤ ${p99Target.ms} ms: not measured (largest: ${last.chunks.toLocaleString("en")} chunks, p99 ${last.c16.p99} ms)`,
  );
  const rss = results.map((row) => row.retrieval_rss_mb);
  const spread = Math.max(...rss) - Math.min(...rss);
  console.log(
    `- retrieval RSS within 50 MB from ${first.chunks.toLocaleString("en")} to ${last.chunks.toLocaleString("en")} chunks: ${Math.min(...rss)}–${Math.max(...rss)} MB (spread ${spread} MB) — ${verdict(spread <= 50)}`,
  );
  // "Flat": the largest corpus starts within 25 % (or 150 ms, start-up jitter on a busy machine) of the smallest.
  const flat = last.startup_ms <= first.startup_ms + Math.max(150, first.startup_ms * 0.25);
  console.log(
    `- start-up flat: ${results.map((row) => `${row.startup_ms} ms`).join(" → ")} (store open ${results.map((row) => `${row.store_open_ms ?? "?"} ms`).join(" → ")}) — ${verdict(flat)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
