import {
  type apiKeysV1,
  createClient,
  createHealthClient,
  protos,
  type DiagnosticsClient,
  type ingestV1,
  type llmV1,
  type retrievalV1,
  type sessionV1,
} from "@chatbot/grpc";
import { grpcSecurityOf } from "@chatbot/runtime";
import type { GatewayConfig } from "../config";

export const BACKEND_SERVICES = ["session", "retrieval", "llm-proxy", "ingest"] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];

export interface ServicePeer {
  name: BackendService;
  address: string;
  health: ReturnType<typeof createHealthClient>;
  diagnostics: DiagnosticsClient;
}

/** One channel per peer, shared by every request; grpc-js multiplexes calls over it. */
export interface ServiceClients {
  session: sessionV1.Client;
  /** API keys live in the session service. */
  apiKeys: apiKeysV1.Client;
  llm: llmV1.Client;
  retrieval: retrievalV1.Client;
  ingest: ingestV1.Client;
  peers: ServicePeer[];
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
  const Diagnostics = protos.diagnostics().Diagnostics;
  const peers = BACKEND_SERVICES.map((name) => ({
    name,
    address: addresses[name],
    health: createHealthClient(addresses[name], security),
    diagnostics: createClient(Diagnostics, addresses[name], security),
  }));
  const session = createClient(protos.session().SessionService, addresses.session, security);
  const apiKeys = createClient(protos.apiKeys().ApiKeys, addresses.session, security);
  const llm = createClient(protos.llm().LlmProxy, addresses["llm-proxy"], security);
  const retrieval = createClient(protos.retrieval().Retrieval, addresses.retrieval, security);
  const ingest = createClient(protos.ingest().Ingest, addresses.ingest, security);
  return {
    session,
    apiKeys,
    llm,
    retrieval,
    ingest,
    peers,
    close() {
      session.close();
      apiKeys.close();
      llm.close();
      retrieval.close();
      ingest.close();
      for (const peer of peers) {
        peer.health.close();
        peer.diagnostics.close();
      }
    },
  };
}
