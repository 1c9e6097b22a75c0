import { existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { readCompose, readText, readYaml, root, serviceNames, type ComposeService } from "./support/deploy-files";

const compose = readCompose();
const OTLP_ENDPOINT = "http://otel-collector:4318";

function dependencies(entry: ComposeService): Record<string, { condition: string }> {
  const dependsOn = entry.depends_on ?? {};
  return Array.isArray(dependsOn) ? Object.fromEntries(dependsOn.map((name) => [name, { condition: "service_started" }])) : dependsOn;
}

describe("docker-compose.yml", () => {
  it("builds every service from the shared Dockerfile, with its name, and gives it a health check", () => {
    expect(serviceNames).toEqual(["gateway", "ingest", "llm-proxy", "retrieval", "session"]);
    for (const name of serviceNames) {
      const entry = compose.services[name];
      expect(entry).toBeDefined();
      expect(entry!.build?.dockerfile).toBe("Dockerfile");
      expect(existsSync(join(root, entry!.build!.context, entry!.build!.dockerfile))).toBe(true);
      expect(entry!.build?.args?.SERVICE).toBe(name);
      expect(entry!.healthcheck).toBeDefined();
    }
  });

  it("runs the stores every service needs and the observability stack", () => {
    for (const name of ["postgres", "redis", "rabbitmq", "qdrant", "prometheus", "grafana", "jaeger", "otel-collector"]) {
      expect({ name, defined: compose.services[name] !== undefined }).toEqual({ name, defined: true });
    }
  });

  it("sends every service's traces to the collector's OTLP/HTTP receiver, under the service's own name", () => {
    for (const name of serviceNames) {
      const environment = compose.services[name]!.environment ?? {};
      expect({ name, endpoint: environment.OTEL_EXPORTER_OTLP_ENDPOINT }).toEqual({ name, endpoint: OTLP_ENDPOINT });
      expect({ name, serviceName: environment.OTEL_SERVICE_NAME }).toEqual({ name, serviceName: name });
    }
    expect(compose.services["otel-collector"]!.volumes).toContain("./deploy/otel-collector/config.yaml:/etc/otelcol-contrib/config.yaml:ro");
  });

  it("opens the backends' gRPC listeners to the other containers, and gives every service the same required internal token", () => {
    for (const name of serviceNames) {
      const environment = compose.services[name]!.environment ?? {};
      expect({ name, token: environment.INTERNAL_TOKEN }).toEqual({ name, token: expect.stringMatching(/^\$\{INTERNAL_TOKEN:\?.+\}$/) });
      if (name !== "gateway") expect({ name, host: environment.GRPC_HOST }).toEqual({ name, host: "0.0.0.0" });
    }
    // .env holds the token: it must reach neither git nor an image.
    for (const ignoreFile of [".gitignore", ".dockerignore"]) expect(readText(ignoreFile).split("\n")).toContain(".env");
  });

  it("starts every container after what it needs, waiting for health where there is a health check", () => {
    for (const [name, entry] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(dependencies(entry))) {
        const target = compose.services[dependency];
        expect({ name, dependency, exists: target !== undefined }).toEqual({ name, dependency, exists: true });
        // Waiting for health on a container without a health check would never start this one.
        const expected = target!.healthcheck ? "service_healthy" : "service_started";
        if (dependency === "gateway" && name === "prometheus") continue; // Prometheus should also show a gateway that is down
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
      }
    }
    expect(Object.keys(dependencies(compose.services.gateway!)).sort()).toEqual(["ingest", "llm-proxy", "otel-collector", "redis", "retrieval", "session"].sort());
    expect(dependencies(compose.services.grafana!).prometheus?.condition).toBe("service_healthy");
    expect(dependencies(compose.services.retrieval!).qdrant?.condition).toBe("service_healthy");
  });

  it("gives a health check to every container whose image can run one", () => {
    // Jaeger and the collector ship without a shell or an HTTP client.
    const withoutShell = ["jaeger", "otel-collector"];
    for (const [name, entry] of Object.entries(compose.services)) {
      if (withoutShell.includes(name)) continue;
      expect({ name, healthcheck: entry.healthcheck !== undefined }).toEqual({ name, healthcheck: true });
    }
  });

  it("mounts only files and folders that exist in the repository", () => {
    for (const [name, entry] of Object.entries(compose.services)) {
      for (const volume of entry.volumes ?? []) {
        const source = volume.split(":")[0]!;
        if (!source.startsWith("./")) continue; // a named volume
        expect({ name, source, exists: existsSync(join(root, source)) }).toEqual({ name, source, exists: true });
      }
    }
  });

  it("publishes the API, Grafana, Jaeger's UI and Prometheus on the ports the README names", () => {
    expect(compose.services.gateway!.ports).toContain("8080:8080");
    expect(compose.services.grafana!.ports).toContain("3000:3000");
    expect(compose.services.jaeger!.ports).toContain("16686:16686");
    expect(compose.services.prometheus!.ports).toContain("9090:9090");
    const readme = readText("deploy/README.md");
    for (const url of ["http://localhost:8080", "http://localhost:3000", "http://localhost:16686", "http://localhost:9090"]) expect(readme).toContain(url);
  });
});

describe("Prometheus", () => {
  const prometheus = parse(readText("deploy/prometheus/prometheus.yml")) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };

  it("scrapes every service", () => {
    expect(prometheus.scrape_configs.map((job) => job.job_name).sort()).toEqual([...serviceNames].sort());
  });

  it("scrapes each service where it serves /metrics: the gateway on its HTTP port, the others on their admin ports", () => {
    const adminPorts: Record<string, string> = { gateway: "8080", session: "9101", retrieval: "9102", "llm-proxy": "9103", ingest: "9104" };
    for (const job of prometheus.scrape_configs) {
      expect(job.static_configs.flatMap((config) => config.targets)).toEqual([`${job.job_name}:${adminPorts[job.job_name]}`]);
      // The compose health check asks the same port, so a wrong port would already fail there.
      expect(JSON.stringify(compose.services[job.job_name]!.healthcheck!.test)).toContain(`127.0.0.1:${adminPorts[job.job_name]}/`);
    }
  });
});

describe("OpenTelemetry Collector", () => {
  type Pipeline = { receivers: string[]; processors?: string[]; exporters: string[] };
  const collector = readYaml<{
    receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
    processors: Record<string, unknown>;
    exporters: Record<string, { endpoint?: string }>;
    extensions?: Record<string, unknown>;
    service: { extensions?: string[]; pipelines: Record<string, Pipeline> };
  }>("deploy/otel-collector/config.yaml");

  it("receives OTLP over gRPC on 4317 and HTTP on 4318, on every interface", () => {
    expect(collector.receivers.otlp.protocols.grpc.endpoint).toBe("0.0.0.0:4317");
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe("0.0.0.0:4318");
    expect(OTLP_ENDPOINT.endsWith(":4318")).toBe(true);
  });

  it("batches traces and exports them to Jaeger over OTLP and to the debug exporter", () => {
    const traces = collector.service.pipelines.traces!;
    expect(traces.receivers).toEqual(["otlp"]);
    expect(traces.processors).toContain("batch");
    expect(traces.exporters).toEqual(expect.arrayContaining(["debug", "otlp/jaeger"]));
    expect(collector.exporters["otlp/jaeger"]!.endpoint).toBe("jaeger:4317");
    expect(compose.services.jaeger!.environment?.COLLECTOR_OTLP_ENABLED).toBe("true");
  });

  it("uses only receivers, processors, exporters and extensions it defines", () => {
    for (const [name, pipeline] of Object.entries(collector.service.pipelines)) {
      for (const receiver of pipeline.receivers) expect({ name, receiver, defined: receiver in collector.receivers }).toEqual({ name, receiver, defined: true });
      for (const processor of pipeline.processors ?? [])
        expect({ name, processor, defined: processor in collector.processors }).toEqual({ name, processor, defined: true });
      for (const exporter of pipeline.exporters) expect({ name, exporter, defined: exporter in collector.exporters }).toEqual({ name, exporter, defined: true });
    }
    for (const extension of collector.service.extensions ?? []) expect(extension in (collector.extensions ?? {})).toBe(true);
  });
});
