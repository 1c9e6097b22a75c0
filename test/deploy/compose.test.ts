import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(__dirname, "../..");
const serviceNames = readdirSync(join(root, "services")).filter((name) => existsSync(join(root, "services", name, "package.json")));

describe("deployment files", () => {
  const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8")) as {
    services: Record<string, { build?: { dockerfile: string }; depends_on?: unknown; healthcheck?: unknown }>;
  };

  it("docker-compose.yml builds every service from its own Dockerfile, with a health check", () => {
    expect(serviceNames.sort()).toEqual(["gateway", "ingest", "llm-proxy", "retrieval", "session"]);
    for (const name of serviceNames) {
      const entry = compose.services[name];
      expect(entry).toBeDefined();
      expect(entry!.build?.dockerfile).toBe(`services/${name}/Dockerfile`);
      expect(existsSync(join(root, entry!.build!.dockerfile))).toBe(true);
      expect(entry!.healthcheck).toBeDefined();
    }
  });

  it("runs the stores every service needs", () => {
    for (const store of ["postgres", "redis", "rabbitmq", "qdrant", "prometheus"]) expect(compose.services[store]).toBeDefined();
  });

  it("Prometheus scrapes every service", () => {
    const prometheus = parse(readFileSync(join(root, "deploy/prometheus/prometheus.yml"), "utf8")) as {
      scrape_configs: { job_name: string }[];
    };
    expect(prometheus.scrape_configs.map((job) => job.job_name).sort()).toEqual([...serviceNames].sort());
  });
});
