import { inProcessInvoker, probeStores, protos, type CheckStoresResponse__Output, type HandlerRuntime, type StoreProbe, type UnaryInvoker } from "@chatbot/grpc";
import type { apiKeysV1, sessionV1 } from "@chatbot/grpc";
import type { ApiKeyService } from "../domain/api-key.service";
import type { SessionService } from "../domain/session.service";
import { createApiKeyCalls } from "./api-key.grpc";
import { createSessionCalls } from "./session.grpc";

/**
 * The service's edge for a gateway in the same process (SESSION_ADDR=in-process): the calls
 * its gRPC server serves, with the same requests, answers and typed errors, and no hop.
 */
export interface InProcessSession {
  session: UnaryInvoker<sessionV1.Client>;
  apiKeys: UnaryInvoker<apiKeysV1.Client>;
  /** The service's stores, as its Diagnostics service answers. */
  checkStores(timeoutMs: number): Promise<CheckStoresResponse__Output>;
}

export function createInProcessSession(parts: { runtime: HandlerRuntime; service: SessionService; apiKeys: ApiKeyService; stores: StoreProbe[] }): InProcessSession {
  const { runtime } = parts;
  return {
    session: inProcessInvoker<sessionV1.Client, sessionV1.Handlers>(protos.session().SessionService.service, createSessionCalls(parts.service), runtime, "session"),
    apiKeys: inProcessInvoker<apiKeysV1.Client, apiKeysV1.Handlers>(
      protos.apiKeys().ApiKeys.service,
      createApiKeyCalls(parts.apiKeys, runtime.logger),
      runtime,
      "session",
    ),
    checkStores: (timeoutMs) => probeStores("session", parts.stores, {}, timeoutMs),
  };
}
