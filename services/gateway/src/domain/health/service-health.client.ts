import type { CheckStoresResponse__Output } from "@chatbot/grpc";

/** One backend service as health checks see it. */
export interface ServiceHealthClient {
  name: string;
  address: string;
  /** grpc.health.v1's status ("SERVING", ...). */
  serving(timeoutMs: number): Promise<string>;
  /** The service's stores and what it says of itself (Diagnostics). */
  checkStores(timeoutMs: number): Promise<CheckStoresResponse__Output>;
}
