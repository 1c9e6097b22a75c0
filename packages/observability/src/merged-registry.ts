import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from "prom-client";
import { withDefaultMetrics } from "./metrics";

/** A registry's metrics as data (`registry.getMetricsAsJSON()`), which can cross threads. */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/**
 * A registry whose exposition also holds other registries' metrics, gathered when it is
 * scraped: embedded mode runs each backend service in its own thread with its own registry,
 * and the gateway's /metrics shows them all. Metrics are registered on it as on any registry.
 *
 * Families of the same name are joined; series are told apart by their labels (`service`,
 * `thread`), and a series two sources both have (a gRPC client counter the gateway and ingest
 * both keep for retrieval) is summed, as one shared registry would have counted it. Process-wide
 * families (`process_*`) are taken from this registry only: every thread reads the same process.
 */
export class MergedRegistry extends Registry {
  constructor(private readonly others: () => Promise<MetricsJson[]>) {
    super();
  }

  override async metrics(): Promise<string> {
    const own = (await this.getMetricsAsJSON()) as MetricsJson;
    const others = (await this.others()).map((metrics) => metrics.filter((metric) => !/^(chatbot_)?process_/.test(metric.name)));
    // `sum` for every family: the per-metric aggregators of cluster mode would drop some (`omit`).
    const all = [own, ...others].map((metrics) => metrics.map((metric) => ({ ...metric, aggregator: "sum" as const })));
    return AggregatorRegistry.aggregate(all).metrics();
  }
}

/** A MergedRegistry with the default (process and Node.js) metrics, like createMetricsRegistry's. */
export function createMergedRegistry(others: () => Promise<MetricsJson[]>): MergedRegistry {
  return withDefaultMetrics(new MergedRegistry(others), {});
}
