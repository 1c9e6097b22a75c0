import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { readCompose, readText, readYaml, root, serviceNames } from "./support/deploy-files";

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; interval?: string; rules: Rule[] }[];
}
interface RulesTest {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; eval_time: string; exp_alerts: unknown[] }[] }[];
}

const rulesDir = "deploy/prometheus/rules";
const testsFile = "deploy/prometheus/tests/rules.test.yml";
const ruleFiles = readdirSync(join(root, rulesDir))
  .filter((name) => name.endsWith(".yml"))
  .sort();
const rules = ruleFiles.flatMap((file) => readYaml<RuleFile>(`${rulesDir}/${file}`).groups.flatMap((group) => group.rules));
const alerts = rules.filter((rule) => rule.alert !== undefined);
const recorded = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));

/** Quoted strings (label values, regexes) removed: what is left are identifiers, operators and numbers. */
function withoutStrings(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
}

/** Every raw `chatbot_…` series an expression selects, as written (suffixes kept); recorded names start with a level and a colon. */
function seriesIn(expression: string): string[] {
  return withoutStrings(expression).match(/(?<![\w:])chatbot_\w*/g) ?? [];
}

/** Every recorded series (level:metric:operations) an expression reads. */
function recordedIn(expression: string): string[] {
  return withoutStrings(expression).match(/(?<![\w:])[a-z_]*:[\w:]+/g) ?? [];
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    if (name === "node_modules" || name === "test" || name === "dist" || name === "generated") return [];
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** What the sources register: `counter(registry, { name: "chatbot_…" })` and the like, by type. */
function registeredMetrics(): Map<string, string> {
  const registered = new Map<string, string>();
  for (const file of [...sourceFiles(join(root, "services")), ...sourceFiles(join(root, "packages"))]) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\b(counter|gauge|histogram)\(\s*[\w.]+\s*,\s*\{\s*name:\s*"(chatbot_\w+)"/g)) {
      registered.set(match[2]!, match[1]!);
    }
  }
  return registered;
}

const registered = registeredMetrics();

/** The registered metric a series belongs to, or why it belongs to none. */
function metricOf(series: string): { metric: string } | { error: string } {
  const type = registered.get(series);
  if (type) return type === "histogram" ? { error: `${series} is a histogram: query _bucket, _sum or _count` } : { metric: series };
  const suffixed = /^(.*)_(bucket|sum|count)$/.exec(series);
  if (suffixed && registered.has(suffixed[1]!)) {
    const base = suffixed[1]!;
    return registered.get(base) === "histogram" ? { metric: base } : { error: `${series}: ${base} is a ${registered.get(base)}, not a histogram` };
  }
  return { error: `${series} is registered nowhere in services/ or packages/` };
}

function promtoolPresent(): boolean {
  return !spawnSync("promtool", ["--version"], { encoding: "utf8" }).error;
}

function promtool(args: string[], cwd = root) {
  const result = spawnSync("promtool", args, { cwd, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const hasPromtool = promtoolPresent();
// A missing promtool is a failure, not a reason to skip: the rules would go unchecked.
const withPromtool = it;
function requirePromtool(): void {
  if (!hasPromtool) throw new Error("promtool is not on PATH: install Debian's prometheus package (`npm test` does so as root)");
}

describe("the metric name check itself", () => {
  it("finds the registrations and tells raw series from recorded ones", () => {
    expect(registered.get("chatbot_http_requests_total")).toBe("counter");
    expect(registered.get("chatbot_llm_time_to_first_token_seconds")).toBe("histogram");
    expect(registered.get("chatbot_ingest_queue_depth")).toBe("gauge");
    expect(registered.get("chatbot_redis_fallbacks_total")).toBe("counter");
    expect(seriesIn('sum(rate(chatbot_http_requests_total{route!~"chatbot_x"}[5m])) / job:chatbot_http_requests:rate5m')).toEqual(["chatbot_http_requests_total"]);
    expect(recordedIn("provider:chatbot_llm_fallbacks:rate5m / on (job) group_left () job:chatbot_llm_requests:rate5m")).toEqual([
      "provider:chatbot_llm_fallbacks:rate5m",
      "job:chatbot_llm_requests:rate5m",
    ]);
    expect(metricOf("chatbot_llm_time_to_first_token_seconds_bucket")).toEqual({ metric: "chatbot_llm_time_to_first_token_seconds" });
    expect(metricOf("chatbot_llm_errors_total")).toEqual({ metric: "chatbot_llm_errors_total" });
    expect(metricOf("chatbot_llm_errors")).toHaveProperty("error");
    expect(metricOf("chatbot_llm_latency_seconds_bucket")).toHaveProperty("error");
    expect(metricOf("chatbot_ingest_jobs_total_count")).toHaveProperty("error");
  });
});

describe("Prometheus rules", () => {
  it("has recording rules and alerts", () => {
    expect(ruleFiles).toEqual(["alerts.yml", "recording.yml"]);
    expect(recorded.size).toBeGreaterThanOrEqual(15);
    expect(alerts.length).toBeGreaterThanOrEqual(14);
  });

  it("uses only metrics the sources register, histograms through their _bucket/_sum/_count series", () => {
    const problems = rules.flatMap((rule) =>
      seriesIn(rule.expr).flatMap((series) => {
        const result = metricOf(series);
        return "error" in result ? [`${rule.record ?? rule.alert}: ${result.error}`] : [];
      }),
    );
    expect(problems).toEqual([]);
    const used = new Set(rules.flatMap((rule) => seriesIn(rule.expr)));
    expect(used.size).toBeGreaterThan(10);
  });

  it("reads only recorded series that a recording rule defines, named level:metric:operations", () => {
    for (const name of recorded) expect(name).toMatch(/^[a-z_]+:chatbot_[a-z0-9_]+:[a-z0-9_]+$/);
    const problems = rules.flatMap((rule) =>
      recordedIn(rule.expr)
        .filter((name) => !recorded.has(name))
        .map((name) => `${rule.record ?? rule.alert}: ${name}`),
    );
    expect(problems).toEqual([]);
  });

  it("gives every alert a duration, a severity and annotations that show the value and where to look", () => {
    const names = alerts.map((alert) => alert.alert!);
    expect(new Set(names).size).toBe(names.length);
    for (const alert of alerts) {
      const { alert: name } = alert;
      expect({ name, for: alert.for }).toEqual({ name, for: expect.stringMatching(/^\d+[smh]$/) });
      expect({ name, severity: alert.labels?.severity }).toEqual({ name, severity: expect.stringMatching(/^(critical|warning)$/) });
      for (const annotation of ["summary", "description", "runbook"]) {
        expect({ name, annotation, present: (alert.annotations?.[annotation] ?? "").length > 0 }).toEqual({ name, annotation, present: true });
      }
      expect({ name, showsValue: /\$value/.test(`${alert.annotations?.summary} ${alert.annotations?.description}`) }).toEqual({ name, showsValue: true });
    }
  });

  it("alerts on each scrape job that is down, and on what operators need to hear of", () => {
    const prometheus = readYaml<{ scrape_configs: { job_name: string }[] }>("deploy/prometheus/prometheus.yml");
    const down = alerts.find((alert) => alert.alert === "ChatbotServiceDown")!;
    const jobs = /up\{job=~"([^"]+)"\}\s*==\s*0/.exec(down.expr)?.[1]?.split("|") ?? [];
    expect(jobs.sort()).toEqual(prometheus.scrape_configs.map((job) => job.job_name).sort());
    expect(jobs.sort()).toEqual([...serviceNames].sort());
    const watched = new Set(alerts.flatMap((alert) => [...seriesIn(alert.expr), ...recordedIn(alert.expr)]));
    for (const series of [
      "job:chatbot_http_5xx:ratio_rate5m",
      "provider:chatbot_llm_time_to_first_token_seconds:p95_5m",
      "provider:chatbot_llm_provider_errors:ratio_rate5m",
      "provider:chatbot_llm_fallbacks:ratio_rate5m",
      "chatbot_llm_breaker_state",
      "job:chatbot_ingest_jobs_failed:ratio_rate15m",
      "chatbot_ingest_dead_letters_total",
      "chatbot_ingest_queue_depth",
      "chatbot_redis_fallbacks_total",
      "service:chatbot_grpc_server_faults:ratio_rate5m",
    ]) {
      expect({ series, alerted: watched.has(series) }).toEqual({ series, alerted: true });
    }
  });

  it("is loaded by the Prometheus that docker-compose runs", () => {
    const prometheus = readYaml<{ rule_files?: string[] }>("deploy/prometheus/prometheus.yml");
    expect(prometheus.rule_files).toEqual(["rules/*.yml"]);
    // rule_files are relative to prometheus.yml: the rules folder is mounted beside it.
    const volumes = readCompose().services.prometheus!.volumes ?? [];
    expect(volumes).toContain("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    expect(volumes).toContain(`./${rulesDir}:/etc/prometheus/rules:ro`);
  });

  it("has unit tests that see every alert fire and every alert stay quiet", () => {
    const tests = parse(readText(testsFile)) as RulesTest;
    expect(tests.rule_files.map((file) => relative(root, join(root, "deploy/prometheus/tests", file))).sort()).toEqual(ruleFiles.map((file) => `${rulesDir}/${file}`));
    const cases = tests.tests.flatMap((test) => test.alert_rule_test ?? []);
    for (const { alert: name } of alerts) {
      const mine = cases.filter((entry) => entry.alertname === name);
      expect({ name, fires: mine.some((entry) => entry.exp_alerts.length > 0) }).toEqual({ name, fires: true });
      expect({ name, quiet: mine.some((entry) => entry.exp_alerts.length === 0) }).toEqual({ name, quiet: true });
    }
    const known = new Set(alerts.map((alert) => alert.alert));
    expect(cases.filter((entry) => !known.has(entry.alertname)).map((entry) => entry.alertname)).toEqual([]);
  });
});

describe("promtool", () => {
  withPromtool("accepts the configuration and the rule files", () => {
    requirePromtool();
    const config = promtool(["check", "config", "deploy/prometheus/prometheus.yml"]);
    expect({ status: config.status, output: config.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
    const checked = promtool(["check", "rules", ...ruleFiles.map((file) => `${rulesDir}/${file}`)]);
    expect({ status: checked.status, output: checked.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
  });

  withPromtool("passes the rules' unit tests", () => {
    requirePromtool();
    const tested = promtool(["test", "rules", testsFile]);
    expect({ status: tested.status, output: tested.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
  });

  withPromtool("fails the unit tests when a threshold changes", () => {
    requirePromtool();
    const copy = mkdtempSync(join(tmpdir(), "chatbot-rules-"));
    try {
      cpSync(join(root, "deploy/prometheus"), copy, { recursive: true });
      const alertsFile = join(copy, "rules/alerts.yml");
      const original = readFileSync(alertsFile, "utf8");
      const broken = original.replace("job:chatbot_http_5xx:ratio_rate5m > 0.05", "job:chatbot_http_5xx:ratio_rate5m > 0.5");
      expect(broken).not.toBe(original);
      writeFileSync(alertsFile, broken);
      const tested = promtool(["test", "rules", "tests/rules.test.yml"], copy);
      expect(tested.status).not.toBe(0);
      expect(tested.output).toContain("ChatbotHttp5xxRatioHigh");
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
