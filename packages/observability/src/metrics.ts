import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Latency buckets in seconds, dense below 100 ms where this system should live. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One registry per service. In embedded mode the gateway's /metrics shows every service's
 * (the launcher merges them); `service` is a label, never a name prefix. `defaultLabels`
 * go on the default (process and Node.js) metrics only: embedded mode labels each service
 * thread's event loop and heap with its `thread`.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  return withDefaultMetrics(new Registry(), options);
}

export interface MetricsRegistryOptions {
  collectDefaults?: boolean;
  defaultLabels?: Record<string, string>;
}

export function withDefaultMetrics<R extends Registry>(registry: R, options: MetricsRegistryOptions): R {
  if (options.collectDefaults ?? true) {
    collectDefaultMetrics({ register: registry, prefix: "chatbot_", ...(options.defaultLabels ? { labels: options.defaultLabels } : {}) });
  }
  return registry;
}

type Config<T extends string> = { name: string; help: string; labelNames: readonly T[] };

/** Metric factories that hand back the existing metric when two services in one process ask for it. */
export function counter<T extends string>(registry: Registry, config: Config<T>): Counter<T> {
  return (registry.getSingleMetric(config.name) as Counter<T> | undefined) ?? new Counter({ ...config, registers: [registry] });
}

export function gauge<T extends string>(registry: Registry, config: Config<T>): Gauge<T> {
  return (registry.getSingleMetric(config.name) as Gauge<T> | undefined) ?? new Gauge({ ...config, registers: [registry] });
}

export function histogram<T extends string>(registry: Registry, config: Config<T> & { buckets?: number[] }): Histogram<T> {
  return (registry.getSingleMetric(config.name) as Histogram<T> | undefined) ?? new Histogram({ buckets: LATENCY_BUCKETS, ...config, registers: [registry] });
}
