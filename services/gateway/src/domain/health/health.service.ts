import type { ServiceHealthClient } from "./service-health.client";

/** A store of the gateway's own (Redis when configured), as health checks see it. */
export interface StoreProbe {
  name: string;
  kind: string;
  ping(): Promise<void>;
}

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
export async function checkSystemHealth(peers: ServiceHealthClient[], timeoutMs: number, localStores: StoreProbe[] = []): Promise<SystemHealth> {
  const services: Record<string, PartHealth> = { gateway: { status: "ok", latency_ms: 0 } };
  const stores: Record<string, PartHealth> = {};
  const llm: SystemHealth["llm"] = { provider: null, model: null };

  const own = await Promise.all(localStores.map((probe) => probeOne(probe, timeoutMs)));
  for (const store of own) {
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
      const [serving, diagnostics] = await Promise.allSettled([peer.serving(timeoutMs), peer.checkStores(timeoutMs)]);
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

async function probeOne(probe: StoreProbe, timeoutMs: number) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name: probe.name, kind: probe.kind, ok: true, latency_ms: round(performance.now() - started), error: "" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: probe.name, kind: probe.kind, ok: false, latency_ms: round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
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

export interface HealthServiceDeps {
  peers: ServiceHealthClient[];
  timeoutMs: number;
  /** The gateway's own stores (Redis when configured). */
  localStores: StoreProbe[];
  /** False while starting or shutting down. */
  isReady: () => boolean;
}

export interface HealthService {
  /** Every service and store, asked in parallel. */
  check(): Promise<SystemHealth>;
  /** Whether the gateway takes traffic. */
  ready(): boolean;
}

export function createHealthService(deps: HealthServiceDeps): HealthService {
  return {
    check: () => checkSystemHealth(deps.peers, deps.timeoutMs, deps.localStores),
    ready: () => deps.isReady(),
  };
}
