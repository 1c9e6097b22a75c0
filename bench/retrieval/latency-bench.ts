// Search latency of the embedded retrieval service (PGlite + pgvector, default
// configuration) at growing corpus sizes, through gRPC, with synthetic Korean-like chunks.
//   node --import tsx bench/retrieval/latency-bench.ts [--sizes 10000,100000] [--queries 300]
// EMBEDDING_* in the environment (see README) adds the dense side to every search.
import { callUnary } from "@chatbot/grpc";
import { percentile } from "../support/stats";
import { startEmbeddedRetrieval } from "./embedded-retrieval";
import { argument } from "../support/arguments";

const sizes = argument("sizes", "10000,100000").split(",").map(Number);
const queryCount = Number(argument("queries", "300"));
const BATCH = 256;
const TENANT = "bench";

/** Deterministic PRNG (mulberry32) so every run sees the same corpus. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const next = random(42);
const syllable = () => String.fromCharCode(0xac00 + Math.floor(next() * 2_000));
// 20,000 words of 2-4 syllables, drawn with a Zipf-like skew as words in real text are.
const words = Array.from({ length: 20_000 }, () => Array.from({ length: 2 + Math.floor(next() * 3) }, syllable).join(""));
const particles = ["은", "는", "이", "가", "을", "를", "의", "에서", "으로", "와", "도", ""];
const word = () => words[Math.floor(words.length * next() ** 2.5)]! + particles[Math.floor(next() * particles.length)]!;
const sentence = (length: number) => Array.from({ length }, word).join(" ") + "다.";

function chunkText(): string {
  return Array.from({ length: 3 + Math.floor(next() * 3) }, () => sentence(6 + Math.floor(next() * 6))).join(" ");
}

async function measure(size: number) {
  const retrieval = await startEmbeddedRetrieval();
  try {
    const texts: string[] = [];
    const loadStarted = performance.now();
    for (let start = 0; start < size; start += BATCH) {
      const chunks = Array.from({ length: Math.min(BATCH, size - start) }, (_, offset) => {
        const text = chunkText();
        if (texts.length < 5_000) texts.push(text);
        const index = start + offset;
        return {
          document_id: `doc-${Math.floor(index / 20)}`,
          chunk_index: index % 20,
          title: `문서 ${Math.floor(index / 20)}`,
          source: `source-${index % 50}.pdf`,
          text,
        };
      });
      await callUnary(retrieval.client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks }, { timeoutMs: 120_000 });
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const latencies: number[] = [];
    const serverMs: number[] = [];
    for (let i = 0; i < queryCount; i++) {
      const source = texts[Math.floor(next() * texts.length)]!.split(" ");
      const offset = Math.floor(next() * Math.max(1, source.length - 6));
      const query = `${source.slice(offset, offset + 3 + Math.floor(next() * 4)).join(" ")} 무엇인가?`;
      const started = performance.now();
      const response = await callUnary(retrieval.client, "retrieval", "Search", { tenant_id: TENANT, query, k: 10 }, { timeoutMs: 30_000 });
      latencies.push(performance.now() - started);
      serverMs.push(response.took_ms);
    }
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      chunks: size,
      embedding: process.env.EMBEDDING_PROVIDER ?? "none",
      load_seconds: round(loadSeconds),
      load_chunks_per_second: Math.round(size / loadSeconds),
      search_ms_p50: round(percentile(latencies, 50)),
      search_ms_p99: round(percentile(latencies, 99)),
      server_ms_p50: round(percentile(serverMs, 50)),
      server_ms_p99: round(percentile(serverMs, 99)),
      heap_mb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
      rss_mb: Math.round(process.memoryUsage().rss / 1_048_576),
    };
  } finally {
    await retrieval.stop();
  }
}

async function main() {
  for (const size of sizes) console.log(JSON.stringify(await measure(size)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
