// Retrieval quality on the Korean evaluation split, through the service's gRPC API.
//   node --import tsx bench/retrieval/eval-retrieval.ts ../shared/eval
// Loads corpus.jsonl as one chunk per passage (document_id = passage id), asks every
// question of queries.jsonl with k = 10 and prints recall@1/5/10 and MRR@10 (matching
// rule of the evaluation README) as one JSON line, with search latency percentiles.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { callUnary } from "@chatbot/grpc";
import { percentile } from "../support/stats";
import { startEmbeddedRetrieval } from "./embedded-retrieval";

interface Passage {
  id: string;
  title: string;
  text: string;
  source: string;
}

interface Query {
  id: string;
  question: string;
  relevant_ids: string[];
  subset?: string;
}

const TENANT = "eval";
const K = 10;

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

/** Gold `G` matches retrieved `R` when R == G or R starts with G + "#". */
function matches(retrieved: string, gold: string): boolean {
  return retrieved === gold || retrieved.startsWith(`${gold}#`);
}

interface Score {
  n: number;
  recall1: number;
  recall5: number;
  recall10: number;
  mrr10: number;
}

function scoreQuery(ranked: readonly string[], gold: readonly string[]) {
  const unique = [...new Set(ranked)];
  const rankOf = (goldId: string) => unique.findIndex((id) => matches(id, goldId));
  const recallAt = (k: number) =>
    gold.filter((goldId) => {
      const rank = rankOf(goldId);
      return rank >= 0 && rank < k;
    }).length / gold.length;
  const first = unique.slice(0, 10).findIndex((id) => gold.some((goldId) => matches(id, goldId)));
  return { recall1: recallAt(1), recall5: recallAt(5), recall10: recallAt(10), mrr10: first >= 0 ? 1 / (first + 1) : 0 };
}

function summarise(rows: ReturnType<typeof scoreQuery>[]): Score {
  const mean = (pick: (row: ReturnType<typeof scoreQuery>) => number) => Math.round((rows.reduce((sum, row) => sum + pick(row), 0) / rows.length) * 10_000) / 10_000;
  return { n: rows.length, recall1: mean((r) => r.recall1), recall5: mean((r) => r.recall5), recall10: mean((r) => r.recall10), mrr10: mean((r) => r.mrr10) };
}

async function main() {
  const directory = resolve(process.argv[2] ?? "../shared/eval");
  const passages = readJsonl<Passage>(`${directory}/corpus.jsonl`);
  const queries = readJsonl<Query>(`${directory}/queries.jsonl`);
  const retrieval = await startEmbeddedRetrieval();
  try {
    const loadStarted = performance.now();
    for (let start = 0; start < passages.length; start += 128) {
      const batch = passages.slice(start, start + 128);
      await callUnary(
        retrieval.client,
        "retrieval",
        "UpsertChunks",
        {
          tenant_id: TENANT,
          chunks: batch.map((passage) => ({
            document_id: passage.id,
            chunk_index: 0,
            title: passage.title,
            text: passage.text,
            source: passage.source,
          })),
        },
        { timeoutMs: 60_000 },
      );
    }
    const loadMs = performance.now() - loadStarted;

    const rows: (ReturnType<typeof scoreQuery> & { subset: string })[] = [];
    const latencies: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      const response = await callUnary(retrieval.client, "retrieval", "Search", { tenant_id: TENANT, query: query.question, k: K });
      latencies.push(performance.now() - started);
      rows.push({
        ...scoreQuery(
          response.results.map((result) => result.document_id),
          query.relevant_ids,
        ),
        subset: query.subset ?? "all",
      });
    }
    const subsets = Object.fromEntries(
      [...new Set(rows.map((row) => row.subset))].sort().map((subset) => [subset, summarise(rows.filter((row) => row.subset === subset))]),
    );
    const overall = summarise(rows);
    console.log(
      JSON.stringify({
        "recall@1": overall.recall1,
        "recall@5": overall.recall5,
        "recall@10": overall.recall10,
        "mrr@10": overall.mrr10,
        queries: overall.n,
        passages: passages.length,
        search_ms_p50: Math.round(percentile(latencies, 50) * 100) / 100,
        search_ms_p99: Math.round(percentile(latencies, 99) * 100) / 100,
        load_ms: Math.round(loadMs),
        subsets,
      }),
    );
  } finally {
    await retrieval.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
