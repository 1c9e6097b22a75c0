// Ingestion throughput, pages per second from SubmitDocument to `ready`, through the real
// gRPC API with generated multi-page Korean PDFs. Retrieval runs on embedded PGlite with
// pgvector (local embeddings) in both modes; the ingest registry and queue are
//   embedded:    the same PGlite + the in-process queue (what `npm start` runs)
//   distributed: the Postgres and RabbitMQ at TEST_DATABASE_URL / TEST_RABBITMQ_URL
//                (defaults: 127.0.0.1), in a schema and queue prefix of their own.
//   node --import tsx bench/ingest/ingest-throughput.ts [--documents 40] [--pages 10] [--lines 30] [--modes embedded,distributed] [--prefetch 2]
import { callUnary, createClient, protos } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import { createPostgresClient, type SqlClient } from "@chatbot/sql";
import { testLogger, testStores, uniqueName } from "@chatbot/testkit";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { startRetrieval } from "../../services/ingest/test/support/ingest-system";
import { longKoreanPdf } from "../../services/ingest/test/support/korean-documents";
import { deleteTopology } from "../../services/ingest/test/support/rabbit";
import { argument } from "../support/arguments";

const documentCount = Number(argument("documents", "40"));
const pagesPerDocument = Number(argument("pages", "10"));
const linesPerPage = Number(argument("lines", "30"));
const modes = argument("modes", "embedded,distributed").split(",");
const prefetch = argument("prefetch", "2");
const TENANT = "벤치마크";
const INTERNAL = { GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", LOG_LEVEL: "warn" };

async function run(mode: string) {
  const registry = createMetricsRegistry({ collectDefaults: false });
  const retrieval = await startRetrieval(registry);
  const shared = retrieval.sql;
  const schema = uniqueName("ingest_bench");
  const prefix = `${uniqueName("ingest_bench")}.`;
  const distributed = mode === "distributed";
  const ingest = await startIngestService(
    loadIngestConfig({
      ...INTERNAL,
      RETRIEVAL_ADDR: retrieval.handle.address,
      INGEST_PREFETCH: prefetch,
      ...(distributed ? { DATABASE_URL: testStores.postgresUrl, RABBITMQ_URL: testStores.rabbitmqUrl, INGEST_QUEUE_PREFIX: prefix } : {}),
    }),
    { logger: testLogger("ingest"), registry },
    distributed ? { schema } : { sql: shared, schema },
  );
  const client = createClient(protos.ingest().Ingest, ingest.address);
  // Distinct bytes per document (the registry would deduplicate identical ones).
  const files = Array.from({ length: documentCount }, (_, index) => longKoreanPdf(pagesPerDocument, linesPerPage, `문서${index} `));
  const megabytes = files.reduce((sum, file) => sum + file.length, 0) / 1e6;

  const started = performance.now();
  // Uploads arrive concurrently, as from several clients; the queue takes them in at its own pace.
  const ids: string[] = [];
  let nextFile = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (nextFile < files.length) {
        const index = nextFile++;
        const submitted = await callUnary(client, "ingest", "SubmitDocument", { tenant_id: TENANT, content: files[index]!, filename: `벤치${index}.pdf` });
        ids.push(submitted.document!.document_id);
      }
    }),
  );
  const submitSeconds = (performance.now() - started) / 1000;
  let chunks = 0;
  for (;;) {
    const ready = await callUnary(client, "ingest", "ListDocuments", { tenant_id: TENANT, limit: 200, status: "ready" });
    const failed = await callUnary(client, "ingest", "ListDocuments", { tenant_id: TENANT, limit: 200, status: "failed" });
    if (failed.documents.length > 0) throw new Error(`failed: ${failed.documents[0]!.error_code} ${failed.documents[0]!.error_message}`);
    if (ready.documents.length === ids.length) {
      chunks = ready.documents.reduce((sum, document) => sum + document.chunks, 0);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const pages = documentCount * pagesPerDocument;
  const result = {
    mode,
    documents: documentCount,
    pages,
    chunks,
    megabytes: Number(megabytes.toFixed(2)),
    submit_s: Number(submitSeconds.toFixed(2)),
    total_s: Number(seconds.toFixed(2)),
    pages_per_s: Number((pages / seconds).toFixed(1)),
    chunks_per_s: Number((chunks / seconds).toFixed(1)),
  };

  client.close();
  await ingest.stop();
  await retrieval.stop();
  if (distributed) {
    const pg: SqlClient = createPostgresClient({ connectionString: testStores.postgresUrl });
    await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg.close();
    await deleteTopology(prefix);
  }
  return result;
}

async function main() {
  console.log(`${documentCount} PDFs × ${pagesPerDocument} pages × ${linesPerPage} Korean lines, CHUNK_SIZE 1000/200, INGEST_PREFETCH ${prefetch}`);
  for (const mode of modes) console.log(JSON.stringify(await run(mode)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
