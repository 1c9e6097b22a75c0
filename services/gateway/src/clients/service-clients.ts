import { createClient, protos, type llmV1 } from "@chatbot/grpc";
import type { InProcessLlmProxy } from "@chatbot/llm-proxy";
import { grpcSecurityOf } from "@chatbot/runtime";
import type { GatewayConfig } from "../config";
import type { ApiKeysClient } from "../domain/access/api-keys.client";
import type { LlmClient } from "../domain/chat/llm.client";
import type { IngestClient } from "../domain/documents/ingest.client";
import type { ServiceHealthClient } from "../domain/health/service-health.client";
import type { RetrievalClient } from "../domain/search/retrieval.client";
import type { SessionClient } from "../domain/sessions/session.client";
import { createGrpcApiKeysClient } from "./grpc-api-keys.client";
import { createGrpcIngestClient } from "./grpc-ingest.client";
import { createGrpcLlmClient } from "./grpc-llm.client";
import { createGrpcRetrievalClient } from "./grpc-retrieval.client";
import { createGrpcServiceHealthClient } from "./grpc-service-health.client";
import { createGrpcSessionClient } from "./grpc-session.client";
import { createInProcessLlmClient } from "./in-process-llm.client";
import { createInProcessServiceHealthClient } from "./in-process-service-health.client";

export const BACKEND_SERVICES = ["session", "retrieval", "llm-proxy", "ingest"] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];

/** The backend services behind their ports; one channel per peer, shared by every request (grpc-js multiplexes calls over it). */
export interface ServiceClients {
  session: SessionClient;
  /** API keys live in the session service. */
  apiKeys: ApiKeysClient;
  llm: LlmClient;
  retrieval: RetrievalClient;
  ingest: IngestClient;
  peers: ServiceHealthClient[];
  close(): void;
}

/**
 * One client per backend service; with `llmProxy` (LLM_PROXY_ADDR=in-process) the LLM port
 * and its health check go to the llm-proxy in this process instead of a channel.
 */
export function createServiceClients(config: GatewayConfig, llmProxy?: InProcessLlmProxy): ServiceClients {
  const addresses: Record<BackendService, string> = {
    session: config.SESSION_ADDR,
    retrieval: config.RETRIEVAL_ADDR,
    "llm-proxy": config.LLM_PROXY_ADDR,
    ingest: config.INGEST_ADDR,
  };
  const security = grpcSecurityOf(config);
  const remote = BACKEND_SERVICES.filter((name) => !(llmProxy && name === "llm-proxy")).map((name) => createGrpcServiceHealthClient(name, addresses[name], security));
  const peers: ServiceHealthClient[] = llmProxy ? [...remote, createInProcessServiceHealthClient("llm-proxy", llmProxy)] : remote;
  const session = createClient(protos.session().SessionService, addresses.session, security);
  const apiKeys = createClient(protos.apiKeys().ApiKeys, addresses.session, security);
  let llmChannel: llmV1.Client | undefined;
  let llm: LlmClient;
  if (llmProxy) {
    llm = createInProcessLlmClient(llmProxy);
  } else {
    llmChannel = createClient(protos.llm().LlmProxy, addresses["llm-proxy"], security);
    llm = createGrpcLlmClient(llmChannel);
  }
  const retrieval = createClient(protos.retrieval().Retrieval, addresses.retrieval, security);
  const ingest = createClient(protos.ingest().Ingest, addresses.ingest, security);
  return {
    session: createGrpcSessionClient(session),
    apiKeys: createGrpcApiKeysClient(apiKeys),
    llm,
    retrieval: createGrpcRetrievalClient(retrieval),
    ingest: createGrpcIngestClient(ingest),
    peers,
    close() {
      session.close();
      apiKeys.close();
      llmChannel?.close();
      retrieval.close();
      ingest.close();
      for (const peer of remote) peer.close();
    },
  };
}
