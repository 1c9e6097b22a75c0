import { createClient, protos } from "@chatbot/grpc";
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

export function createServiceClients(config: GatewayConfig): ServiceClients {
  const addresses: Record<BackendService, string> = {
    session: config.SESSION_ADDR,
    retrieval: config.RETRIEVAL_ADDR,
    "llm-proxy": config.LLM_PROXY_ADDR,
    ingest: config.INGEST_ADDR,
  };
  const security = grpcSecurityOf(config);
  const peers = BACKEND_SERVICES.map((name) => createGrpcServiceHealthClient(name, addresses[name], security));
  const session = createClient(protos.session().SessionService, addresses.session, security);
  const apiKeys = createClient(protos.apiKeys().ApiKeys, addresses.session, security);
  const llm = createClient(protos.llm().LlmProxy, addresses["llm-proxy"], security);
  const retrieval = createClient(protos.retrieval().Retrieval, addresses.retrieval, security);
  const ingest = createClient(protos.ingest().Ingest, addresses.ingest, security);
  return {
    session: createGrpcSessionClient(session),
    apiKeys: createGrpcApiKeysClient(apiKeys),
    llm: createGrpcLlmClient(llm),
    retrieval: createGrpcRetrievalClient(retrieval),
    ingest: createGrpcIngestClient(ingest),
    peers,
    close() {
      session.close();
      apiKeys.close();
      llm.close();
      retrieval.close();
      ingest.close();
      for (const peer of peers) peer.close();
    },
  };
}
