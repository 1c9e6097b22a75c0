import { callServerStream, callUnary, type ingestV1 } from "@chatbot/grpc";
import type { IngestClient } from "../domain/documents/ingest.client";

const PEER = "ingest";

export function createGrpcIngestClient(channel: ingestV1.Client): IngestClient {
  return {
    submitDocument: (request, options) => callUnary(channel, PEER, "SubmitDocument", request, options),
    listDocuments: (request, options) => callUnary(channel, PEER, "ListDocuments", request, options),
    getDocument: (request, options) => callUnary(channel, PEER, "GetDocument", request, options),
    async deleteDocument(request, options) {
      await callUnary(channel, PEER, "DeleteDocument", request, options);
    },
    retryDocument: (request, options) => callUnary(channel, PEER, "RetryDocument", request, options),
    watchDocument: (request, options) => callServerStream(channel, PEER, "WatchDocument", request, options),
  };
}
