import { callUnary, type retrievalV1 } from "@chatbot/grpc";
import type { RetrievalClient } from "../domain/search/retrieval.client";

const PEER = "retrieval";

export function createGrpcRetrievalClient(channel: retrievalV1.Client): RetrievalClient {
  return {
    search: (request, options) => callUnary(channel, PEER, "Search", request, options),
    countChunks: (request, options) => callUnary(channel, PEER, "CountChunks", request, options),
    embed: (request, options) => callUnary(channel, PEER, "Embed", request, options),
  };
}
