/**
 * Retrieval quality through the public HTTP API, on an evaluation folder laid out like
 * shared/eval (corpus.jsonl, queries.jsonl, pdfs/): PDFs go through the upload API, the
 * other passages through the JSON documents API; once every document is ready, each
 * question goes to POST /api/search. Prints recall@1/5/10 and MRR@10 as one JSON line.
 *
 *   node --import tsx bench/eval/eval-http.ts ../shared/eval              # embedded system, fresh data dir
 *   node --import tsx bench/eval/eval-http.ts ../shared/eval --url http://127.0.0.1:8080
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { startEmbedded } from "@chatbot/embedded";

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
interface DocumentJson {
  document_id: string;
  status: string;
  error: { code: string } | null;
}
interface SearchResult {
  document_id: string;
  page: number | null;
}

const readJsonl = <T>(path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

async function call<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as T };
}

/** `R` matches gold `G` when equal or when `R` starts with `G#` (README of the eval folder). */
function matches(retrieved: string, gold: string): boolean {
  return retrieved === gold || retrieved.startsWith(`${gold}#`);
}

async function main() {
  const folder = process.argv[2];
  if (!folder) throw new Error("usage: eval-http.ts <eval folder> [--url http://host:port]");
  const urlIndex = process.argv.indexOf("--url");
  let base = urlIndex > 0 ? process.argv[urlIndex + 1]! : "";
  let stop = async () => undefined;
  if (!base) {
    const dataDir = mkdtempSync(join(tmpdir(), "chatbot-eval-"));
    const system = await startEmbedded({ ...process.env, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
    base = system.url;
    stop = async () => {
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  try {
    const started = Date.now();
    // document id → eval ids (passages) or PDF file name (pages become `pdf:<name>#p<page>`).
    // Passages with identical text are one document (the API deduplicates by content), so
    // a document stands for every passage id it was submitted as.
    const passageIds = new Map<string, string[]>();
    const pdfNames = new Map<string, string>();

    const pdfFolder = join(folder, "pdfs");
    for (const name of readdirSync(pdfFolder).filter((file) => file.endsWith(".pdf"))) {
      const form = new FormData();
      form.append("file", new Blob([readFileSync(join(pdfFolder, name))], { type: "application/pdf" }), name);
      const uploaded = await call<DocumentJson>(`${base}/api/documents`, { method: "POST", body: form });
      if (uploaded.status >= 300 && uploaded.status !== 200) throw new Error(`upload of ${name} failed: ${JSON.stringify(uploaded.body)}`);
      pdfNames.set(uploaded.body.document_id, name);
    }

    const passages = readJsonl<Passage>(join(folder, "corpus.jsonl")).filter((passage) => !passage.id.startsWith("pdf:"));
    for (let offset = 0; offset < passages.length; offset += 100) {
      const batch = passages.slice(offset, offset + 100);
      const submitted = await call<{ documents: DocumentJson[] }>(`${base}/api/documents`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          documents: batch.map((passage) => ({ content: passage.text, metadata: { title: passage.title, source: passage.source, eval_id: passage.id } })),
        }),
      });
      if (!submitted.body.documents) throw new Error(`JSON documents failed: ${JSON.stringify(submitted.body)}`);
      submitted.body.documents.forEach((document, index) => {
        passageIds.set(document.document_id, [...(passageIds.get(document.document_id) ?? []), batch[index]!.id]);
      });
    }

    const expected = pdfNames.size + passageIds.size;
    for (;;) {
      let ready = 0;
      let failed = 0;
      let cursor: string | null = null;
      do {
        const page: { body: { documents: DocumentJson[]; next_cursor: string | null } } = await call(
          `${base}/api/documents?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        for (const document of page.body.documents) {
          if (document.status === "ready") ready += 1;
          if (document.status === "failed") failed += 1;
        }
        cursor = page.body.next_cursor;
      } while (cursor);
      if (failed > 0) throw new Error(`${failed} documents failed to ingest`);
      if (ready >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const ingestSeconds = (Date.now() - started) / 1000;

    const queries = readJsonl<Query>(join(folder, "queries.jsonl"));
    const totals = { r1: 0, r5: 0, r10: 0, mrr: 0 };
    const bySubset = new Map<string, { n: number; r1: number; r5: number; r10: number; mrr: number }>();
    const misses: { id: string; rank: number; top: string[] }[] = [];
    const searchMs: number[] = [];
    for (const query of queries) {
      const searchStarted = performance.now();
      const found = await call<{ results: SearchResult[] }>(`${base}/api/search`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: query.question, k: 10 }),
      });
      searchMs.push(performance.now() - searchStarted);
      const ranked: string[] = [];
      for (const result of found.body.results) {
        const pdf = pdfNames.get(result.document_id);
        const ids = pdf ? [`pdf:${pdf}#p${result.page ?? 0}`] : (passageIds.get(result.document_id) ?? []);
        for (const id of ids) if (!ranked.includes(id)) ranked.push(id);
      }
      const gold = query.relevant_ids[0]!;
      const rank = ranked.findIndex((id) => matches(id, gold)) + 1;
      const subset = bySubset.get(query.subset ?? "all") ?? { n: 0, r1: 0, r5: 0, r10: 0, mrr: 0 };
      bySubset.set(query.subset ?? "all", subset);
      subset.n += 1;
      for (const tally of [totals, subset]) {
        if (rank === 1) tally.r1 += 1;
        if (rank >= 1 && rank <= 5) tally.r5 += 1;
        if (rank >= 1 && rank <= 10) {
          tally.r10 += 1;
          tally.mrr += 1 / rank;
        }
      }
      if (rank !== 1) misses.push({ id: query.id, rank, top: ranked.slice(0, 3) });
    }
    searchMs.sort((a, b) => a - b);
    const n = queries.length;
    const round = (value: number) => Math.round(value * 10_000) / 10_000;
    console.log(
      JSON.stringify({
        eval: basename(folder),
        queries: n,
        documents: expected,
        "recall@1": round(totals.r1 / n),
        "recall@5": round(totals.r5 / n),
        "recall@10": round(totals.r10 / n),
        "mrr@10": round(totals.mrr / n),
        ingest_seconds: Math.round(ingestSeconds * 10) / 10,
        search_p50_ms: Math.round(searchMs[Math.floor(n * 0.5)]! * 10) / 10,
        search_p99_ms: Math.round(searchMs[Math.min(n - 1, Math.floor(n * 0.99))]! * 10) / 10,
        subsets: Object.fromEntries(
          [...bySubset].map(([name, tally]) => [
            name,
            { n: tally.n, "recall@1": round(tally.r1 / tally.n), "recall@5": round(tally.r5 / tally.n), "mrr@10": round(tally.mrr / tally.n) },
          ]),
        ),
      }),
    );
    if (process.argv.includes("--misses")) for (const miss of misses) console.error(JSON.stringify(miss));
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
