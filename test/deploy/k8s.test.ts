import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readYaml, readYamlDocuments, root, serviceNames } from "./support/deploy-files";
import { restrictedViolations, type SecurityContext } from "./support/pod-security";

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
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
}
interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: { from?: NetworkPolicyPeer[]; ports?: { protocol?: string; port?: number | string }[] }[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { containers: Container[]; securityContext?: SecurityContext; volumes?: { name: string; emptyDir?: object }[] };
    };
    ports?: { name: string; port: number; targetPort: string | number }[];
    rules?: { http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { name?: string; number?: number } } } }[] } }[];
  };
}

const k8sDir = "deploy/k8s/base";
const kustomization = readYaml<{ namespace: string; resources: string[]; images: { name: string; newName: string; newTag: string }[] }>(`${k8sDir}/kustomization.yaml`);
const manifestFiles = readdirSync(join(root, k8sDir)).filter((name) => /\.ya?ml$/.test(name) && name !== "kustomization.yaml");
const manifests = manifestFiles.flatMap((file) => readYamlDocuments<Manifest>(`${k8sDir}/${file}`).filter(Boolean));

const find = (kind: string, name: string) => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
const containerOf = (name: string) => find("Deployment", name)!.spec!.template!.spec.containers[0]!;
const portOf = (container: Container, port: number | string) =>
  typeof port === "number" ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;

/** Whether a label selector matches a set of labels; the empty selector matches everything. */
function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In":
        return key in labels && values.includes(labels[key]!);
      case "NotIn":
        return !(key in labels && values.includes(labels[key]!));
      case "Exists":
        return key in labels;
      case "DoesNotExist":
        return !(key in labels);
    }
  });
  return byLabels && byExpressions;
}

interface Pod {
  namespace: string;
  labels: Record<string, string>;
}
const podOf = (name: string): Pod => ({ namespace: "chatbot", labels: find("Deployment", name)!.spec!.template!.metadata.labels });
const networkPolicies = manifests
  .filter((manifest) => manifest.kind === "NetworkPolicy")
  .map((manifest) => ({
    name: manifest.metadata.name,
    namespace: manifest.metadata.namespace ?? "chatbot",
    spec: manifest.spec as unknown as NetworkPolicySpec,
  }));

/**
 * Kubernetes' rule for ingress: a pod no policy selects takes any connection; a selected pod
 * only those some rule of a selecting policy allows, by source and by (named or numbered) port.
 */
function admits(target: string, port: string, source: Pod): boolean {
  const pod = podOf(target);
  const containerPort = portOf(containerOf(target), port);
  const policies = networkPolicies.filter(
    (policy) => policy.namespace === pod.namespace && (policy.spec.policyTypes ?? ["Ingress"]).includes("Ingress") && selects(policy.spec.podSelector, pod.labels),
  );
  if (policies.length === 0) return true;
  return policies.some((policy) =>
    (policy.spec.ingress ?? []).some((rule) => {
      const portAllowed = !rule.ports || rule.ports.some((allowed) => allowed.port === undefined || allowed.port === port || allowed.port === containerPort);
      const sourceAllowed =
        !rule.from ||
        rule.from.some((peer) => {
          const namespaceAllowed = peer.namespaceSelector
            ? selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": source.namespace })
            : source.namespace === policy.namespace;
          return namespaceAllowed && selects(peer.podSelector ?? {}, source.labels);
        });
      return portAllowed && sourceAllowed;
    }),
  );
}

const GRPC_PORTS: Record<string, number> = { session: 50051, retrieval: 50052, "llm-proxy": 50053, ingest: 50054 };
const ADMIN_PORTS: Record<string, number> = { session: 9101, retrieval: 9102, "llm-proxy": 9103, ingest: 9104 };
const backends = serviceNames.filter((name) => name !== "gateway");

describe("Kubernetes manifests", () => {
  it("lists exactly the manifest files of deploy/k8s/base in its kustomization.yaml", () => {
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

  it("gives every service the internal token from the Secret, and opens the backends' listeners beyond loopback", () => {
    const config = find("ConfigMap", "chatbot-config")!;
    const secret = find("Secret", "chatbot-secrets")!;
    expect(config.data?.GRPC_HOST).toBe("0.0.0.0");
    expect((secret.stringData?.INTERNAL_TOKEN ?? "").length).toBeGreaterThanOrEqual(16);
    for (const name of serviceNames) {
      const token = containerOf(name).env?.find((variable) => variable.name === "INTERNAL_TOKEN");
      expect({ name, from: token?.valueFrom?.secretKeyRef }).toEqual({ name, from: { name: "chatbot-secrets", key: "INTERNAL_TOKEN" } });
    }
  });

  describe("NetworkPolicies", () => {
    const pods: Record<string, Pod> = {
      ...Object.fromEntries(serviceNames.map((name) => [name, podOf(name)])),
      "another pod in the namespace": { namespace: "chatbot", labels: { "app.kubernetes.io/name": "debug-shell" } },
      "a pod of another namespace": { namespace: "default", labels: { "app.kubernetes.io/name": "gateway" } },
      prometheus: { namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } },
      "a prometheus-labelled pod in the namespace": { namespace: "chatbot", labels: { "app.kubernetes.io/name": "prometheus" } },
    };
    const callers = (target: string, port: string) =>
      Object.keys(pods)
        .filter((source) => admits(target, port, pods[source]!))
        .sort();

    it("denies ingress to every backend by default", () => {
      const denyAll = networkPolicies.find((policy) => policy.spec.ingress !== undefined && policy.spec.ingress.length === 0);
      expect(denyAll?.spec.policyTypes).toEqual(["Ingress"]);
      for (const name of backends) expect({ name, selected: selects(denyAll!.spec.podSelector, podOf(name).labels) }).toEqual({ name, selected: true });
      expect(selects(denyAll!.spec.podSelector, podOf("gateway").labels)).toBe(false);
    });

    it("lets only the gateway and ingest reach the gRPC ports of what they call", () => {
      expect(Object.fromEntries(backends.map((name) => [name, callers(name, "grpc")]))).toEqual({
        session: ["gateway"],
        retrieval: ["gateway", "ingest"].sort(),
        "llm-proxy": ["gateway"],
        ingest: ["gateway"],
      });
    });

    it("lets only Prometheus, from its namespace, reach the backends' admin ports", () => {
      for (const name of backends) expect({ name, callers: callers(name, "admin") }).toEqual({ name, callers: ["prometheus"] });
    });

    it("leaves the gateway, the public API, open", () => {
      expect(callers("gateway", "http")).toEqual(Object.keys(pods).sort());
    });

    it("names only ports the selected containers have", () => {
      for (const policy of networkPolicies) {
        for (const name of serviceNames.filter((service) => selects(policy.spec.podSelector, podOf(service).labels))) {
          for (const port of (policy.spec.ingress ?? []).flatMap((rule) => rule.ports ?? [])) {
            expect({ policy: policy.name, name, port: port.port, exists: portOf(containerOf(name), port.port!) !== undefined }).toEqual({
              policy: policy.name,
              name,
              port: port.port,
              exists: true,
            });
          }
        }
      }
    });
  });

  it("gives every image a kustomize entry, so one edit points all of them at a registry", () => {
    const named = new Set(kustomization.images.map((image) => image.name));
    for (const name of serviceNames) expect(named.has(containerOf(name).image)).toBe(true);
  });

  it("meets Pod Security 'restricted' in every pod, with a read-only root filesystem and a writable /tmp", () => {
    for (const name of serviceNames) {
      const pod = find("Deployment", name)!.spec!.template!.spec;
      expect({ name, violations: restrictedViolations(pod as Parameters<typeof restrictedViolations>[0]) }).toEqual({ name, violations: [] });
      const tmp = containerOf(name).volumeMounts?.find((mount) => mount.mountPath === "/tmp");
      expect({ name, tmp: pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir }).toEqual({ name, tmp: expect.any(Object) });
    }
  });

  it("tags every image with its service's package version, never latest", () => {
    for (const name of serviceNames) {
      const image = kustomization.images.find((candidate) => candidate.name === containerOf(name).image)!;
      const { version } = readYaml<{ version: string }>(`services/${name}/package.json`);
      expect({ name, tag: image.newTag }).toEqual({ name, tag: version });
    }
    for (const image of kustomization.images) expect(image.newTag).not.toBe("latest");
  });

  it("publishes only the API, its documentation and the chat page through the Ingress, never /metrics or the probes", () => {
    const ingress = manifests.find((manifest) => manifest.kind === "Ingress")!;
    const paths = ingress.spec!.rules!.flatMap((rule) => rule.http.paths.map((path) => `${path.pathType} ${path.path}`)).sort();
    // The page is exactly / (a Prefix / would publish everything) and its hashed files under /assets.
    expect(paths).toEqual(["Exact /", "Exact /openapi.json", "Prefix /api", "Prefix /assets", "Prefix /docs", "Prefix /redoc"]);
  });

  it("routes the Ingress to the gateway without buffering Server-Sent Events and with a long read timeout", () => {
    const ingress = manifests.find((manifest) => manifest.kind === "Ingress")!;
    expect(ingress).toBeDefined();
    const annotations = ingress.metadata.annotations ?? {};
    expect(annotations["nginx.ingress.kubernetes.io/proxy-buffering"]).toBe("off");
    expect(Number(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).toBeGreaterThanOrEqual(600);
    const backendsOfIngress = ingress.spec!.rules!.flatMap((rule) => rule.http.paths.map((path) => path.backend.service));
    expect([...new Set(backendsOfIngress.map((service) => service.name))]).toEqual(["gateway"]);
    const gatewayService = find("Service", "gateway")!;
    expect(gatewayService.spec!.ports!.map((port) => port.name)).toContain(backendsOfIngress[0]!.port.name);
  });
});
