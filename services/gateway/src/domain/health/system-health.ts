import { callUnary, checkHealth, probeStores, type StoreProbe } from "@chatbot/grpc";
import type { ServicePeer } from "../../clients/service-clients";

export interface PartHealth {
  status: "ok" | "down";
  latency_ms: number;
  kind?: string;
  error?: string;
}

export interface SystemHealth {
  status: "ok" | "degraded" | "down";
  services: Record<string, PartHealth>;
  stores: Record<string, PartHealth>;
  llm: { provider: string | null; model: string | null };
}

/**
 * Asks every service, in parallel, whether it serves (grpc.health.v1) and how its
 * stores are doing (Diagnostics). A peer that does not answer within `timeoutMs`
 * is down; the whole check therefore never takes much longer than `timeoutMs`.
 */
export async function checkSystemHealth(
  peers: ServicePeer[],
  timeoutMs: number,
  localStores: StoreProbe[] = [],
): Promise<SystemHealth> {
  const services: Record<string, PartHealth> = { gateway: { status: "ok", latency_ms: 0 } };
  const stores: Record<string, PartHealth> = {};
  const llm: SystemHealth["llm"] = { provider: null, model: null };

  const own = await probeStores("gateway", localStores, {}, timeoutMs);
  for (const store of own.stores) {
    stores[`gateway.${store.name}`] = {
      status: store.ok ? "ok" : "down",
      kind: store.kind,
      latency_ms: store.latency_ms,
      ...(store.ok ? {} : { error: store.error }),
    };
  }

  await Promise.all(
    peers.map(async (peer) => {
      const started = performance.now();
      const [serving, diagnostics] = await Promise.allSettled([
        checkHealth(peer.health, timeoutMs),
        callUnary(peer.diagnostics, peer.name, "CheckStores", {}, { timeoutMs }),
      ]);
      const latency = round(performance.now() - started);
      if (serving.status === "fulfilled" && serving.value === "SERVING") {
        services[peer.name] = { status: "ok", latency_ms: latency };
      } else {
        const error = serving.status === "rejected" ? describe(serving.reason) : `status ${serving.value}`;
        services[peer.name] = { status: "down", latency_ms: latency, error };
      }
      if (diagnostics.status === "fulfilled") {
        for (const store of diagnostics.value.stores) {
          stores[`${peer.name}.${store.name}`] = {
            status: store.ok ? "ok" : "down",
            kind: store.kind,
            latency_ms: store.latency_ms,
            ...(store.ok ? {} : { error: store.error }),
          };
        }
        const info = diagnostics.value.info;
        if (info.llm_provider) llm.provider = info.llm_provider;
        if (info.llm_model) llm.model = info.llm_model;
      }
    }),
  );

  const parts = [...Object.values(services), ...Object.values(stores)];
  const downServices = peers.filter((peer) => services[peer.name]?.status !== "ok").length;
  const status = downServices === peers.length ? "down" : parts.every((part) => part.status === "ok") ? "ok" : "degraded";
  return { status, services: sortKeys(services), stores: sortKeys(stores), llm };
}

function describe(error: unknown): string {
  const details = (error as { details?: string }).details;
  return details || (error instanceof Error ? error.message : String(error));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
