import { createClient, grpcInvoker, protos, type apiKeysV1, type llmV1, type sessionV1 } from "@chatbot/grpc";
import type { InProcessLlmProxy } from "@chatbot/llm-proxy";
import type { InProcessSession } from "@chatbot/session";
import { grpcSecurityOf } from "@chatbot/runtime";
import type { GatewayConfig } from "../config";
import type { ApiKeysClient } from "../domain/access/api-keys.client";
import type { LlmClient } from "../domain/chat/llm.client";
import type { IngestClient } from "../domain/documents/ingest.client";
import type { ServiceHealthClient } from "../domain/health/service-health.client";
import type { RetrievalClient } from "../domain/search/retrieval.client";
import type { SessionClient } from "../domain/sessions/session.client";
import { createApiKeysClient } from "./api-keys.client-adapter";
import { createGrpcIngestClient } from "./grpc-ingest.client";
import { createGrpcLlmClient } from "./grpc-llm.client";
import { createGrpcRetrievalClient } from "./grpc-retrieval.client";
import { createGrpcServiceHealthClient } from "./grpc-service-health.client";
import { createSessionClient } from "./session.client-adapter";
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

/** Services running inside the gateway's process (`…_ADDR=in-process`). */
export interface InProcessServices {
  llmProxy?: InProcessLlmProxy | undefined;
  session?: InProcessSession | undefined;
}

/**
 * One client per backend service; a service running in this process (`inProcess`) is called
 * there, its port and health check included, instead of over a channel.
 */
export function createServiceClients(config: GatewayConfig, inProcess: InProcessServices = {}): ServiceClients {
  const { llmProxy, session: localSession } = inProcess;
  const addresses: Record<BackendService, string> = {
    session: config.SESSION_ADDR,
    retrieval: config.RETRIEVAL_ADDR,
    "llm-proxy": config.LLM_PROXY_ADDR,
    ingest: config.INGEST_ADDR,
  };
  const security = grpcSecurityOf(config);
  const local: Partial<Record<BackendService, ServiceHealthClient>> = {
    ...(localSession ? { session: createInProcessServiceHealthClient("session", localSession) } : {}),
    ...(llmProxy ? { "llm-proxy": createInProcessServiceHealthClient("llm-proxy", llmProxy) } : {}),
  };
  const remote = BACKEND_SERVICES.filter((name) => !local[name]).map((name) => createGrpcServiceHealthClient(name, addresses[name], security));
  const peers: ServiceHealthClient[] = [...remote, ...Object.values(local)];
  let sessionChannel: sessionV1.Client | undefined;
  let apiKeysChannel: apiKeysV1.Client | undefined;
  let session: SessionClient;
  let apiKeys: ApiKeysClient;
  if (localSession) {
    session = createSessionClient(localSession.session);
    apiKeys = createApiKeysClient(localSession.apiKeys);
  } else {
    sessionChannel = createClient(protos.session().SessionService, addresses.session, security);
    apiKeysChannel = createClient(protos.apiKeys().ApiKeys, addresses.session, security);
    session = createSessionClient(grpcInvoker(sessionChannel, "session"));
    // API keys live in the session service.
    apiKeys = createApiKeysClient(grpcInvoker(apiKeysChannel, "session"));
  }
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
    session,
    apiKeys,
    llm,
    retrieval: createGrpcRetrievalClient(retrieval),
    ingest: createGrpcIngestClient(ingest),
    peers,
    close() {
      sessionChannel?.close();
      apiKeysChannel?.close();
      llmChannel?.close();
      retrieval.close();
      ingest.close();
      for (const peer of remote) peer.close();
    },
  };
}
