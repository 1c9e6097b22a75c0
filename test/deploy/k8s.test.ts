import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readYaml, readYamlDocuments, root, serviceNames } from "./support/deploy-files";

interface Probe {
  httpGet?: { path: string; port: number | string };
  grpc?: { port: number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string } }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: Container[] } };
    ports?: { name: string; port: number; targetPort: string | number }[];
    rules?: { http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[];
  };
}

const k8sDir = "deploy/k8s";
const kustomization = readYaml<{ namespace: string; resources: string[]; images: { name: string }[] }>(`${k8sDir}/kustomization.yaml`);
const manifestFiles = readdirSync(join(root, k8sDir)).filter((name) => /\.ya?ml$/.test(name) && name !== "kustomization.yaml");
const manifests = manifestFiles.flatMap((file) => readYamlDocuments<Manifest>(`${k8sDir}/${file}`).filter(Boolean));

const find = (kind: string, name: string) => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
const containerOf = (name: string) => find("Deployment", name)!.spec!.template!.spec.containers[0]!;
const portOf = (container: Container, port: number | string) =>
  typeof port === "number" ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;

const GRPC_PORTS: Record<string, number> = { session: 50051, retrieval: 50052, "llm-proxy": 50053, ingest: 50054 };
const ADMIN_PORTS: Record<string, number> = { session: 9101, retrieval: 9102, "llm-proxy": 9103, ingest: 9104 };
const backends = serviceNames.filter((name) => name !== "gateway");

describe("Kubernetes manifests", () => {
  it("lists exactly the manifest files of deploy/k8s in kustomization.yaml", () => {
    expect([...kustomization.resources].sort()).toEqual([...manifestFiles].sort());
  });

  it("puts everything in the chatbot namespace", () => {
    expect(find("Namespace", "chatbot")).toBeDefined();
    expect(kustomization.namespace).toBe("chatbot");
    for (const manifest of manifests.filter((candidate) => candidate.kind !== "Namespace")) {
      expect({ name: manifest.metadata.name, namespace: manifest.metadata.namespace }).toEqual({ name: manifest.metadata.name, namespace: "chatbot" });
    }
  });

  it("has a Deployment and a Service for each of the five services, the Service selecting the Deployment's pods", () => {
    expect(serviceNames).toHaveLength(5);
    for (const name of serviceNames) {
      const deployment = find("Deployment", name);
      const service = find("Service", name);
      expect({ name, deployment: Boolean(deployment), service: Boolean(service) }).toEqual({ name, deployment: true, service: true });
      const podLabels = deployment!.spec!.template!.metadata.labels;
      expect(deployment!.spec!.selector!.matchLabels).toEqual(expect.objectContaining({ "app.kubernetes.io/name": name }));
      for (const [key, value] of Object.entries(service!.spec!.selector!)) expect(podLabels[key]).toBe(value);
      // Every Service port leads to a named container port.
      const container = deployment!.spec!.template!.spec.containers[0]!;
      for (const port of service!.spec!.ports!) expect(portOf(container, port.targetPort)).toBeDefined();
    }
  });

  it("probes the gateway's /readyz and /livez", () => {
    const gateway = containerOf("gateway");
    expect(gateway.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(gateway.livenessProbe?.httpGet?.path).toBe("/livez");
    expect(portOf(gateway, gateway.readinessProbe!.httpGet!.port)).toBe(8080);
    expect(portOf(gateway, gateway.livenessProbe!.httpGet!.port)).toBe(8080);
  });

  it("probes each backend's admin /livez for liveness and its gRPC health service for readiness", () => {
    for (const name of backends) {
      const container = containerOf(name);
      expect({ name, path: container.livenessProbe?.httpGet?.path }).toEqual({ name, path: "/livez" });
      expect({ name, port: portOf(container, container.livenessProbe!.httpGet!.port) }).toEqual({ name, port: ADMIN_PORTS[name] });
      expect({ name, grpc: container.readinessProbe?.grpc?.port }).toEqual({ name, grpc: GRPC_PORTS[name] });
    }
  });

  it("sets resource requests and limits on every container", () => {
    for (const name of serviceNames) {
      const { resources } = containerOf(name);
      expect({ name, cpu: Boolean(resources?.requests?.cpu), memory: Boolean(resources?.requests?.memory) }).toEqual({ name, cpu: true, memory: true });
      expect({ name, cpu: Boolean(resources?.limits?.cpu), memory: Boolean(resources?.limits?.memory) }).toEqual({ name, cpu: true, memory: true });
    }
  });

  it("annotates every pod for Prometheus on the port that serves /metrics", () => {
    const metricsPorts: Record<string, number> = { gateway: 8080, ...ADMIN_PORTS };
    for (const name of serviceNames) {
      const annotations = find("Deployment", name)!.spec!.template!.metadata.annotations ?? {};
      expect({ name, annotations }).toEqual({
        name,
        annotations: expect.objectContaining({ "prometheus.io/scrape": "true", "prometheus.io/port": String(metricsPorts[name]), "prometheus.io/path": "/metrics" }),
      });
      expect(containerOf(name).ports?.some((port) => port.containerPort === metricsPorts[name])).toBe(true);
    }
  });

  it("configures services from the ConfigMap and the Secret, referring only to keys that exist", () => {
    const config = find("ConfigMap", "chatbot-config")!;
    const secret = find("Secret", "chatbot-secrets")!;
    expect(config.data?.OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^http:\/\/.+:4318$/);
    for (const name of serviceNames) {
      const container = containerOf(name);
      expect(container.envFrom?.map((source) => source.configMapRef?.name)).toContain("chatbot-config");
      for (const variable of container.env ?? []) {
        const reference = variable.valueFrom?.secretKeyRef;
        if (!reference) continue;
        expect({ name, secret: reference.name, key: reference.key, exists: reference.key in (secret.stringData ?? {}) }).toEqual({
          name,
          secret: "chatbot-secrets",
          key: reference.key,
          exists: true,
        });
      }
      expect(container.env?.find((variable) => variable.name === "OTEL_SERVICE_NAME")?.value).toBe(name);
    }
    // The addresses the gateway dials are the Services above.
    for (const name of backends) expect(config.data?.[`${name.replace("-", "_").toUpperCase()}_ADDR`]).toBe(`${name}:${GRPC_PORTS[name]}`);
  });

  it("gives every image a kustomize entry, so one edit points all of them at a registry", () => {
    const named = new Set(kustomization.images.map((image) => image.name));
    for (const name of serviceNames) expect(named.has(containerOf(name).image)).toBe(true);
  });

  it("routes the Ingress to the gateway without buffering Server-Sent Events and with a long read timeout", () => {
    const ingress = manifests.find((manifest) => manifest.kind === "Ingress")!;
    expect(ingress).toBeDefined();
    const annotations = ingress.metadata.annotations ?? {};
    expect(annotations["nginx.ingress.kubernetes.io/proxy-buffering"]).toBe("off");
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBeGreaterThanOrEqual(600);
    const backendsOfIngress = ingress.spec!.rules!.flatMap((rule) => rule.http.paths.map((path) => path.backend.service));
    expect(backendsOfIngress.map((service) => service.name)).toEqual(["gateway"]);
    const gatewayService = find("Service", "gateway")!;
    expect(gatewayService.spec!.ports!.map((port) => port.name)).toContain(backendsOfIngress[0]!.port.name);
  });
});
