import { installTestTracing, scaledTimeout, waitFor } from "@chatbot/testkit";
import { startDistributedSystem } from "../support/distributed-system";

const tracing = installTestTracing();
let system: Awaited<ReturnType<typeof startDistributedSystem>>;

beforeAll(async () => {
  system = await startDistributedSystem();
}, scaledTimeout(60_000));
afterAll(async () => {
  await system?.close();
  tracing.uninstall();
});

describe("tracing an upload", () => {
  it(
    "follows one upload as one trace: gateway → ingest → RabbitMQ → worker → retrieval",
    async () => {
      const traceId = "0af7651916cd43dd8448eb211c80319c";
      const form = new FormData();
      const text = "추적 점검 문서입니다.\n\n업로드 한 건이 게이트웨이에서 큐를 거쳐 검색 색인까지 하나의 추적으로 이어져야 합니다.";
      form.append("file", new Blob([text], { type: "text/plain" }), "추적-점검.txt");
      const response = await fetch(`${system.url}/api/documents`, {
        method: "POST",
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
        body: form,
      });
      expect(response.status).toBe(202);
      const { document_id: documentId } = (await response.json()) as { document_id: string };
      await waitFor(async () => ((await (await fetch(`${system.url}/api/documents/${documentId}`)).json()) as { status: string }).status === "ready", {
        timeoutMs: 20_000,
        what: "the document to be ready",
      });

      const names = await waitFor(() => {
        const inTrace = tracing.exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
        const found = inTrace.map((span) => span.name);
        return found.some((name) => name === "chatbot.retrieval.v1.Retrieval/UpsertChunks") ? found : undefined;
      });
      expect(names).toEqual(
        expect.arrayContaining([
          "POST /api/documents",
          "ingest/SubmitDocument",
          "chatbot.ingest.v1.Ingest/SubmitDocument",
          `${system.queuePrefix}ingest.jobs publish`,
          `${system.queuePrefix}ingest.jobs process`,
          "retrieval/UpsertChunks",
          "chatbot.retrieval.v1.Retrieval/UpsertChunks",
        ]),
      );
      const consumer = tracing.exporter
        .getFinishedSpans()
        .find((span) => span.name === `${system.queuePrefix}ingest.jobs process` && span.spanContext().traceId === traceId)!;
      expect(consumer.attributes).toMatchObject({ "messaging.system": "rabbitmq", "chatbot.document_id": documentId });
      expect(JSON.stringify(tracing.exporter.getFinishedSpans().map((span) => span.attributes))).not.toContain("게이트웨이에서");
    },
    scaledTimeout(40_000),
  );
});
