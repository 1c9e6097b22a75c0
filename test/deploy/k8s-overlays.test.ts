import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readYaml, root, serviceNames } from "./support/deploy-files";
import { kustomize, strategicMerge, type Resource } from "./support/kustomize";
import { restrictedViolations } from "./support/pod-security";

interface Container {
  name: string;
  image: string;
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: Parameters<typeof restrictedViolations>[0] & { containers: Container[] };
}
interface DeploymentSpec {
  replicas?: number;
  template: PodTemplate;
}
interface AutoscalerSpec {
  scaleTargetRef: { apiVersion: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics?: { type: string; resource?: { name: string; target: { type: string } } }[];
}
interface BudgetSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector: { matchLabels?: Record<string, string> };
}

const overlaysDir = "deploy/k8s/overlays";
const overlays = readdirSync(join(root, overlaysDir)).sort();

/** Problems the Kubernetes API's schemas find in `resources` (see support/validate-k8s.mjs). */
function schemaProblems(resources: Resource[]): string[] {
  const output = execFileSync(process.execPath, [join(__dirname, "support/validate-k8s.mjs")], { input: JSON.stringify(resources), encoding: "utf8" });
  return JSON.parse(output) as string[];
}

const rendered = Object.fromEntries(overlays.map((overlay) => [overlay, kustomize(`${overlaysDir}/${overlay}`)]));
const ofKind = <T>(resources: Resource[], kind: string) =>
  resources.filter((resource) => resource.kind === kind) as (Resource & { spec: T; data?: Record<string, string> })[];
const deploymentsOf = (overlay: string) => ofKind<DeploymentSpec>(rendered[overlay]!, "Deployment");
const autoscalersOf = (overlay: string) => ofKind<AutoscalerSpec>(rendered[overlay]!, "HorizontalPodAutoscaler");
const configOf = (overlay: string) => ofKind<never>(rendered[overlay]!, "ConfigMap").find((map) => map.metadata.name === "chatbot-config")!.data!;

/** The fewest pods a Deployment runs: its autoscaler's minimum when one scales it. */
function fewestPods(overlay: string, deployment: Resource & { spec: DeploymentSpec }): number {
  const autoscaler = autoscalersOf(overlay).find((candidate) => candidate.spec.scaleTargetRef.name === deployment.metadata.name);
  return autoscaler ? (autoscaler.spec.minReplicas ?? 1) : (deployment.spec.replicas ?? 1);
}

describe("Kustomize overlays of deploy/k8s", () => {
  it("are dev and prod", () => {
    expect(overlays).toEqual(["dev", "prod"]);
  });

  describe.each(overlays)("%s", (overlay) => {
    const resources = rendered[overlay]!;

    it("renders objects the Kubernetes API schemas accept", () => {
      expect(resources.length).toBeGreaterThan(10);
      expect(schemaProblems(resources)).toEqual([]);
    });

    it("renders a Deployment for each service, every object in the chatbot namespace", () => {
      expect(
        deploymentsOf(overlay)
          .map((deployment) => deployment.metadata.name)
          .sort(),
      ).toEqual(serviceNames);
      for (const resource of resources.filter((candidate) => candidate.kind !== "Namespace")) {
        expect({ id: `${resource.kind}/${resource.metadata.name}`, namespace: resource.metadata.namespace }).toEqual({
          id: `${resource.kind}/${resource.metadata.name}`,
          namespace: "chatbot",
        });
      }
    });

    it("meets Pod Security 'restricted' in every pod, in a namespace that enforces it", () => {
      const namespace = resources.find((resource) => resource.kind === "Namespace" && resource.metadata.name === "chatbot")!;
      expect(namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      for (const deployment of deploymentsOf(overlay)) {
        expect({ name: deployment.metadata.name, violations: restrictedViolations(deployment.spec.template.spec) }).toEqual({
          name: deployment.metadata.name,
          violations: [],
        });
      }
    });

    it("runs every container from a registry image by its package version, never latest", () => {
      for (const deployment of deploymentsOf(overlay)) {
        const name = deployment.metadata.name;
        const { version } = readYaml<{ version: string }>(`services/${name}/package.json`);
        for (const container of deployment.spec.template.spec.containers) {
          expect({ name, image: container.image }).toEqual({ name, image: `registry.example.com/chatbot/${name}:${version}` });
        }
      }
    });

    it("gives every Deployment of more than one pod a PodDisruptionBudget that leaves pods running", () => {
      const budgets = ofKind<BudgetSpec>(resources, "PodDisruptionBudget");
      for (const deployment of deploymentsOf(overlay).filter((candidate) => fewestPods(overlay, candidate) > 1)) {
        const labels = deployment.spec.template.metadata.labels;
        const budget = budgets.find((candidate) => Object.entries(candidate.spec.selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value));
        expect({ name: deployment.metadata.name, budget: Boolean(budget) }).toEqual({ name: deployment.metadata.name, budget: true });
        const pods = fewestPods(overlay, deployment);
        const mayStop = budget!.spec.maxUnavailable !== undefined ? Number(budget!.spec.maxUnavailable) : pods - Number(budget!.spec.minAvailable);
        expect({ name: deployment.metadata.name, mayStop: mayStop >= 1 && mayStop < pods }).toEqual({ name: deployment.metadata.name, mayStop: true });
      }
    });

    it("points every autoscaler at an existing Deployment that has CPU requests and no fixed replica count", () => {
      for (const autoscaler of autoscalersOf(overlay)) {
        const { scaleTargetRef, minReplicas = 1, maxReplicas } = autoscaler.spec;
        const deployment = deploymentsOf(overlay).find((candidate) => candidate.metadata.name === scaleTargetRef.name);
        expect({ autoscaler: autoscaler.metadata.name, target: scaleTargetRef.kind, exists: Boolean(deployment) }).toEqual({
          autoscaler: autoscaler.metadata.name,
          target: "Deployment",
          exists: true,
        });
        expect(minReplicas).toBeLessThanOrEqual(maxReplicas);
        expect(autoscaler.spec.metrics?.map((metric) => metric.resource?.name)).toContain("cpu");
        for (const container of deployment!.spec.template.spec.containers) expect(container.resources?.requests?.cpu).toBeDefined();
        expect({ name: scaleTargetRef.name, replicas: deployment!.spec.replicas }).toEqual({ name: scaleTargetRef.name, replicas: undefined });
      }
    });

    it("publishes no /metrics (nor the probes) through the Ingress", () => {
      const paths = ofKind<{ rules: { http: { paths: { path: string; pathType: string }[] } }[] }>(resources, "Ingress").flatMap((ingress) =>
        ingress.spec.rules.flatMap((rule) => rule.http.paths),
      );
      expect(paths.length).toBeGreaterThan(0);
      for (const { path, pathType } of paths) {
        expect(["/metrics", "/livez", "/readyz"]).not.toContain(path);
        // Exactly / is the chat page; a prefix / would publish every path.
        if (path === "/") expect(pathType).toBe("Exact");
      }
    });
  });

  it("dev runs the local demo provider, one pod of each service and no autoscalers", () => {
    expect(configOf("dev").LLM_PROVIDER).toBe("local");
    expect(configOf("dev").OPENAI_BASE_URL).toBeUndefined();
    for (const deployment of deploymentsOf("dev"))
      expect({ name: deployment.metadata.name, replicas: deployment.spec.replicas }).toEqual({ name: deployment.metadata.name, replicas: 1 });
    expect(autoscalersOf("dev")).toEqual([]);
  });

  it("prod runs a real provider against an OpenAI-compatible server, with its key from the Secret", () => {
    const config = configOf("prod");
    expect(config.LLM_PROVIDER).not.toBe("local");
    expect(config.LLM_PROVIDER).toBe("openai");
    expect(config.OPENAI_BASE_URL).toMatch(/^https?:\/\/.+\/v1$/);
    const llmProxy = deploymentsOf("prod").find((deployment) => deployment.metadata.name === "llm-proxy")!;
    const env = (llmProxy.spec.template.spec.containers[0] as Container & { env: { name: string; valueFrom?: unknown }[] }).env;
    expect(env.find((variable) => variable.name === "OPENAI_API_KEY")?.valueFrom).toEqual({
      secretKeyRef: expect.objectContaining({ name: "chatbot-secrets", key: "OPENAI_API_KEY" }),
    });
    const secret = ofKind<never>(rendered.prod!, "Secret")[0] as unknown as { stringData: Record<string, string> };
    expect(secret.stringData.OPENAI_API_KEY).not.toBe("");
  });

  it("prod autoscales the stateless services and never runs fewer than two pods of a service", () => {
    expect(
      autoscalersOf("prod")
        .map((autoscaler) => autoscaler.spec.scaleTargetRef.name)
        .sort(),
    ).toEqual(["gateway", "ingest", "llm-proxy", "retrieval", "session"]);
    for (const deployment of deploymentsOf("prod"))
      expect({ name: deployment.metadata.name, pods: fewestPods("prod", deployment) >= 2 }).toEqual({ name: deployment.metadata.name, pods: true });
  });
});

describe("the test renderer of Kustomize", () => {
  it("merges maps, deletes on null and merges lists of named items by name", () => {
    expect(
      strategicMerge(
        { a: { b: 1, c: 2 }, containers: [{ name: "x", image: "one", env: [{ name: "A", value: "1" }] }], args: ["a", "b"] },
        {
          a: { c: null, d: 3 },
          containers: [
            { name: "x", env: [{ name: "B", value: "2" }] },
            { name: "y", image: "two" },
          ],
          args: ["c"],
        },
      ),
    ).toEqual({
      a: { b: 1, d: 3 },
      containers: [
        {
          name: "x",
          image: "one",
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
        },
        { name: "y", image: "two" },
      ],
      args: ["c"],
    });
  });

  it("finds what the schemas reject: a misspelt enum, a string where a number goes, an unknown kind", () => {
    const prod = kustomize(`${overlaysDir}/prod`);
    const gateway = structuredClone(prod.find((resource) => resource.kind === "Deployment" && resource.metadata.name === "gateway")!) as Resource & {
      spec: DeploymentSpec & { template: { spec: { securityContext: { seccompProfile: { type: string } } } } };
    };
    gateway.spec.template.spec.securityContext.seccompProfile.type = "runtimeDefault";
    const budget = structuredClone(prod.find((resource) => resource.kind === "PodDisruptionBudget")!) as Resource & { spec: { selector: unknown } };
    budget.spec.selector = "app=gateway";
    const problems = schemaProblems([gateway, budget, { apiVersion: "apps/v1", kind: "Deployement", metadata: { name: "typo" } }]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^Deployment\/gateway: .*seccompProfile\/type/);
    expect(problems[1]).toMatch(/^PodDisruptionBudget\/.*selector/);
    expect(problems[2]).toMatch(/no schema/);
  });
});
