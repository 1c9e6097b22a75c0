import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createMetricsRegistry } from "@chatbot/observability";
import { readCompose, readText, readYaml, root } from "./support/deploy-files";

/**
 * Every metric a dashboard may query. This mirrors what the services export (the names in
 * their `counter`/`gauge`/`histogram` calls, and the prom-client default metrics registered
 * with the `chatbot_` prefix); whether the services really export them is checked
 * against the services themselves elsewhere. Histograms are queried through their
 * `_bucket`, `_sum` and `_count` series, never by the bare name.
 */
const EXPORTED_METRICS = {
  // gateway: HTTP
  chatbot_http_requests_total: "counter",
  chatbot_http_request_duration_seconds: "histogram",
  // every service: gRPC server
  chatbot_grpc_server_requests_total: "counter",
  chatbot_grpc_server_duration_seconds: "histogram",
  // gateway: chat
  chatbot_chat_active_generations: "gauge",
  chatbot_chat_generations_total: "counter",
  chatbot_sse_open_streams: "gauge",
  // llm-proxy
  chatbot_llm_time_to_first_token_seconds: "histogram",
  chatbot_llm_tokens_per_second: "histogram",
  chatbot_llm_tokens_total: "counter",
  chatbot_llm_active_streams: "gauge",
  chatbot_llm_errors_total: "counter",
  chatbot_llm_breaker_state: "gauge",
  chatbot_llm_cache_requests_total: "counter",
  chatbot_llm_retries_total: "counter",
  chatbot_llm_fallbacks_total: "counter",
  // retrieval
  chatbot_retrieval_search_duration_seconds: "histogram",
  chatbot_retrieval_chunks_upserted_total: "counter",
  // ingest
  chatbot_ingest_jobs_total: "counter",
  chatbot_ingest_job_duration_seconds: "histogram",
  chatbot_ingest_pages_processed_total: "counter",
  chatbot_ingest_queue_depth: "gauge",
  chatbot_ingest_dead_letters_total: "counter",
  // session
  chatbot_session_expired_sessions_deleted_total: "counter",
  // every process: prom-client's default metrics under the `chatbot_` prefix
  chatbot_process_resident_memory_bytes: "gauge",
  chatbot_process_cpu_seconds_total: "counter",
  chatbot_nodejs_heap_size_used_bytes: "gauge",
  chatbot_nodejs_eventloop_lag_p99_seconds: "gauge",
} as const satisfies Record<string, "counter" | "gauge" | "histogram">;

type MetricName = keyof typeof EXPORTED_METRICS;

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; definition?: string; query?: string | { query?: string } }[] };
}

const dashboardDir = "deploy/grafana/dashboards";
const dashboardFiles = readdirSync(join(root, dashboardDir))
  .filter((name) => name.endsWith(".json"))
  .sort();
const dashboards = new Map(dashboardFiles.map((file) => [file.replace(/\.json$/, ""), JSON.parse(readText(`${dashboardDir}/${file}`)) as Dashboard]));

/** Quoted strings (label values, regexes) removed: what is left are identifiers, operators and numbers. */
function withoutStrings(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
}

/** Every `chatbot_…` series an expression selects, as written (suffixes kept). */
function seriesIn(expression: string): string[] {
  return withoutStrings(expression).match(/(?<![\w:])chatbot_[\w:]*/g) ?? [];
}

/** The exported metric a series belongs to, or why it belongs to none. */
function metricOf(series: string): { metric: MetricName } | { error: string } {
  if (series in EXPORTED_METRICS) {
    const metric = series as MetricName;
    return EXPORTED_METRICS[metric] === "histogram" ? { error: `${series} is a histogram: query _bucket, _sum or _count` } : { metric };
  }
  const suffixed = /^(.*)_(bucket|sum|count)$/.exec(series);
  if (suffixed && suffixed[1]! in EXPORTED_METRICS) {
    const metric = suffixed[1] as MetricName;
    return EXPORTED_METRICS[metric] === "histogram" ? { metric } : { error: `${series}: ${metric} is a ${EXPORTED_METRICS[metric]}, not a histogram` };
  }
  return { error: `${series} is not a metric the services export` };
}

/** Brackets balance outside strings: a cheap guard against a truncated or mistyped expression. */
function bracketsBalance(expression: string): boolean {
  const closing: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  const stack: string[] = [];
  for (const character of withoutStrings(expression)) {
    if ("([{".includes(character)) stack.push(character);
    else if (character in closing && stack.pop() !== closing[character]) return false;
  }
  return stack.length === 0;
}

function expressionsOf(dashboard: Dashboard): { where: string; expression: string }[] {
  const fromPanels = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `${dashboard.uid} / ${panel.title}`, expression: target.expr ?? "" })),
  );
  const fromVariables = (dashboard.templating?.list ?? []).flatMap((variable) => {
    const query = typeof variable.query === "string" ? variable.query : variable.query?.query;
    return [variable.definition, query]
      .filter((text): text is string => typeof text === "string" && text.length > 0)
      .map((expression) => ({ where: `${dashboard.uid} / $${variable.name}`, expression }));
  });
  return [...fromPanels, ...fromVariables];
}

const allExpressions = [...dashboards.values()].flatMap(expressionsOf);

describe("the metric name check itself", () => {
  it("accepts exported names and histogram series, and rejects invented names, bare histograms and suffixed counters", () => {
    expect(seriesIn('sum(rate(chatbot_http_requests_total{route!~"chatbot_not_a_metric"}[5m]))')).toEqual(["chatbot_http_requests_total"]);
    expect(metricOf("chatbot_llm_time_to_first_token_seconds_bucket")).toEqual({ metric: "chatbot_llm_time_to_first_token_seconds" });
    expect(metricOf("chatbot_llm_tokens_total")).toEqual({ metric: "chatbot_llm_tokens_total" });
    expect(metricOf("chatbot_llm_latency_seconds_bucket")).toHaveProperty("error");
    expect(metricOf("chatbot_http_request_duration_seconds")).toHaveProperty("error");
    expect(metricOf("chatbot_ingest_jobs_total_count")).toHaveProperty("error");
    expect(bracketsBalance("sum(rate(x[5m])")).toBe(false);
  });

  it("lists only process metrics that prom-client really registers under the chatbot_ prefix", async () => {
    const registered = new Set((await createMetricsRegistry().getMetricsAsJSON()).map((metric) => metric.name));
    const processMetrics = Object.keys(EXPORTED_METRICS).filter((name) => /^chatbot_(process|nodejs)_/.test(name));
    expect(processMetrics.length).toBeGreaterThan(0);
    for (const name of processMetrics) expect({ name, registered: registered.has(name) }).toEqual({ name, registered: true });
  });
});

describe("Grafana dashboards", () => {
  it("has the overview, LLM providers, ingestion and stores dashboards, each with a unique uid", () => {
    expect([...dashboards.keys()]).toEqual(["ingestion", "llm-providers", "overview", "stores"]);
    const uids = [...dashboards.values()].map((dashboard) => dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it("queries only metrics the services export, histograms through their _bucket/_sum/_count series", () => {
    expect(allExpressions.length).toBeGreaterThan(40);
    const problems = allExpressions.flatMap(({ where, expression }) =>
      seriesIn(expression).flatMap((series) => {
        const result = metricOf(series);
        return "error" in result ? [`${where}: ${result.error}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("gives every panel at least one well-formed query on a chatbot metric", () => {
    const problems: string[] = [];
    for (const dashboard of dashboards.values()) {
      for (const panel of dashboard.panels.filter((candidate) => candidate.type !== "row")) {
        const expressions = (panel.targets ?? []).map((target) => target.expr ?? "");
        if (expressions.length === 0) problems.push(`${dashboard.uid} / ${panel.title}: no query`);
        for (const expression of expressions) {
          if (seriesIn(expression).length === 0) problems.push(`${dashboard.uid} / ${panel.title}: no chatbot metric in ${expression}`);
          if (!bracketsBalance(expression)) problems.push(`${dashboard.uid} / ${panel.title}: unbalanced brackets in ${expression}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("shows what operators watch on each dashboard", () => {
    const used = (name: string) =>
      new Set(
        expressionsOf(dashboards.get(name)!).flatMap(({ expression }) =>
          seriesIn(expression).flatMap((series) => {
            const result = metricOf(series);
            return "metric" in result ? [result.metric] : [];
          }),
        ),
      );
    const expected: Record<string, MetricName[]> = {
      overview: [
        "chatbot_http_requests_total",
        "chatbot_http_request_duration_seconds",
        "chatbot_llm_time_to_first_token_seconds",
        "chatbot_llm_tokens_per_second",
        "chatbot_chat_active_generations",
        "chatbot_sse_open_streams",
      ],
      "llm-providers": [
        "chatbot_llm_time_to_first_token_seconds",
        "chatbot_llm_errors_total",
        "chatbot_llm_breaker_state",
        "chatbot_llm_cache_requests_total",
        "chatbot_llm_retries_total",
        "chatbot_llm_fallbacks_total",
      ],
      ingestion: [
        "chatbot_ingest_queue_depth",
        "chatbot_ingest_jobs_total",
        "chatbot_ingest_dead_letters_total",
        "chatbot_ingest_pages_processed_total",
        "chatbot_ingest_job_duration_seconds",
      ],
      stores: [
        "chatbot_grpc_server_requests_total",
        "chatbot_grpc_server_duration_seconds",
        "chatbot_process_resident_memory_bytes",
        "chatbot_process_cpu_seconds_total",
      ],
    };
    for (const [name, metrics] of Object.entries(expected)) {
      const shown = used(name);
      expect({ name, missing: metrics.filter((metric) => !shown.has(metric)) }).toEqual({ name, missing: [] });
    }
    // Both error classes on the overview: 5xx and 4xx.
    const overview = expressionsOf(dashboards.get("overview")!).map(({ expression }) => expression);
    expect(overview.some((expression) => expression.includes('status=~"5.."'))).toBe(true);
    expect(overview.some((expression) => expression.includes('status=~"4.."'))).toBe(true);
  });

  it("lays panels out on Grafana's 24-column grid with unique ids", () => {
    for (const dashboard of dashboards.values()) {
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const { gridPos } of dashboard.panels) {
        expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
        expect(gridPos.h).toBeGreaterThan(0);
      }
    }
  });
});

describe("Grafana provisioning", () => {
  const datasources = readYaml<{ datasources: { uid: string; type: string; url: string }[] }>("deploy/grafana/provisioning/datasources/prometheus.yml").datasources;
  const providers = readYaml<{ providers: { type: string; options: { path: string } }[] }>("deploy/grafana/provisioning/dashboards/dashboards.yml").providers;
  const grafana = readCompose().services.grafana!;

  it("points every panel at the provisioned Prometheus data source", () => {
    expect(datasources).toHaveLength(1);
    const [prometheus] = datasources;
    expect(prometheus!.type).toBe("prometheus");
    expect(prometheus!.url).toBe("http://prometheus:9090");
    for (const dashboard of dashboards.values()) {
      for (const panel of dashboard.panels.filter((candidate) => candidate.type !== "row")) {
        for (const source of [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)]) {
          expect({ panel: panel.title, uid: source?.uid }).toEqual({ panel: panel.title, uid: prometheus!.uid });
        }
      }
    }
  });

  it("loads the dashboards from where docker-compose mounts them", () => {
    expect(providers).toHaveLength(1);
    const mounts = grafana.volumes ?? [];
    expect(mounts).toContain("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    expect(mounts).toContain(`./${dashboardDir}:${providers[0]!.options.path}:ro`);
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ENABLED).toBe("true");
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe("Viewer");
  });
});
