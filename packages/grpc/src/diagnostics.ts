import type { CheckStoresResponse__Output as CheckStoresResponse } from "./generated/chatbot/common/v1/CheckStoresResponse";
import type { StoreCheck__Output as StoreCheck } from "./generated/chatbot/common/v1/StoreCheck";

/** A store a service depends on, as seen by health checks. */
export interface StoreProbe {
  name: string;
  kind: string;
  ping(): Promise<void>;
}

export async function probeStores(service: string, probes: StoreProbe[], info: Record<string, string> = {}, timeoutMs = 1500): Promise<CheckStoresResponse> {
  const stores = await Promise.all(probes.map((probe) => probeOne(probe, timeoutMs)));
  return { service, stores, info };
}

async function probeOne(probe: StoreProbe, timeoutMs: number): Promise<StoreCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: probe.name, kind: probe.kind, ok: true, latency_ms: elapsed(started), error: "" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: probe.name, kind: probe.kind, ok: false, latency_ms: elapsed(started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
