import { callUnary, createClient, NO_GRPC_SECURITY, protos, startGrpcServer, unaryHandler, type retrievalV1 } from "@chatbot/grpc";
import { testLogger } from "@chatbot/testkit";

/**
 * Decides how far ingestion gets: the first `admit` documents pass, later ones wait
 * (their jobs stay in a worker's hands, unacknowledged) until `open()`. A wait ends early
 * when the caller cancels, as a real call would.
 */
export class DocumentGate {
  /** Documents whose indexing waits at the gate right now. */
  readonly held = new Set<string>();
  private readonly admitted = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private opened = false;

  constructor(private readonly admit: number) {}

  open(): void {
    this.opened = true;
    for (const release of this.waiters) release();
    this.waiters.clear();
  }

  async pass(documentId: string, signal: AbortSignal): Promise<void> {
    if (this.opened || this.admitted.has(documentId)) return;
    if (this.admitted.size < this.admit) {
      this.admitted.add(documentId);
      return;
    }
    signal.throwIfAborted();
    this.held.add(documentId);
    try {
      await new Promise<void>((resolve, reject) => {
        const release = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiters.delete(release);
          reject(signal.reason instanceof Error ? signal.reason : new Error("cancelled"));
        };
        this.waiters.add(release);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    } finally {
      this.held.delete(documentId);
    }
  }
}

/**
 * A retrieval endpoint for one ingest instance: the real retrieval service behind a
 * document gate. The instance talks to it over gRPC with its own client, exactly as to
 * retrieval itself, so its shutdown closes that client as it would in production.
 */
export async function startGatedRetrieval(target: string, gate: DocumentGate) {
  const upstream = createClient(protos.retrieval().Retrieval, target);
  const runtime = { logger: testLogger("gated-retrieval") };
  const handlers: retrievalV1.Handlers = {
    UpsertChunks: unaryHandler(runtime, async (request: retrievalV1.UpsertChunksRequest, { signal }) => {
      await gate.pass(request.chunks[0]?.document_id ?? "", signal);
      return callUnary(upstream, "retrieval", "UpsertChunks", request, { signal });
    }),
    DeleteDocument: unaryHandler(runtime, async (request: retrievalV1.DeleteDocumentRequest, { signal }) => {
      await gate.pass(request.document_id, signal);
      return callUnary(upstream, "retrieval", "DeleteDocument", request, { signal });
    }),
    Search: unaryHandler(runtime, (request: retrievalV1.SearchRequest, { signal }) => callUnary(upstream, "retrieval", "Search", request, { signal })),
    CountChunks: unaryHandler(runtime, (request: retrievalV1.CountChunksRequest, { signal }) => callUnary(upstream, "retrieval", "CountChunks", request, { signal })),
    Embed: unaryHandler(runtime, (request: retrievalV1.EmbedRequest, { signal }) => callUnary(upstream, "retrieval", "Embed", request, { signal })),
  };
  const server = await startGrpcServer(
    { service: "gated-retrieval", host: "127.0.0.1", security: NO_GRPC_SECURITY, port: 0, logger: runtime.logger, stores: [] },
    (grpcServer) => grpcServer.addService(protos.retrieval().Retrieval.service, handlers),
  );
  return {
    address: server.address,
    async stop() {
      await server.shutdown(100);
      upstream.close();
    },
  };
}
