import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaledTimeout, testLogger } from "@chatbot/testkit";
import { spawnServiceThread } from "../src/threads/service-thread";

const fixture = (name: string) => join(__dirname, "fixtures", `${name}.thread.ts`);
const logger = testLogger("service-thread-test");

describe("a service in its own thread", () => {
  it(
    "answers with its metrics, and stops its service before its thread ends",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "service-thread-"));
      const record = join(dir, "stops");
      try {
        const thread = spawnServiceThread({ service: "fixture", entry: fixture("counting"), env: {}, logLevel: "silent", logger });
        // Variables known only at start are added then.
        expect(await thread.start({ STOP_RECORD: record })).toEqual({ address: "127.0.0.1:2", port: 2 });
        const metrics = await thread.metrics();
        const calls = metrics.find((metric) => metric.name === "chatbot_fixture_calls_total");
        expect(calls?.values).toEqual([expect.objectContaining({ value: 3, labels: { service: "fixture" } })]);
        // The thread's own event loop, labelled with its name; process-wide families are the launcher's to report.
        expect(metrics.find((metric) => metric.name === "chatbot_nodejs_eventloop_lag_p99_seconds")?.values[0]?.labels).toEqual({ thread: "fixture" });
        await thread.stop();
        expect(readFileSync(record, "utf8")).toBe("stopped\n");
        expect(await thread.metrics()).toEqual([]);
        let died = false;
        void thread.died.then(() => (died = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(died).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    scaledTimeout(60_000),
  );

  it(
    "rejects with the service's own start-up error",
    async () => {
      const thread = spawnServiceThread({ service: "failing", entry: fixture("failing"), env: {}, logLevel: "silent", logger });
      await expect(thread.start()).rejects.toThrow("the store at /nowhere cannot be opened");
      await thread.stop();
    },
    scaledTimeout(60_000),
  );

  it(
    "reports a thread that ends without being told to, with its error",
    async () => {
      const thread = spawnServiceThread({ service: "crashing", entry: fixture("crashing"), env: { CRASH_AFTER_MS: "100" }, logLevel: "silent", logger });
      await thread.start();
      const error = await thread.died;
      expect(error.message).toMatch(/^the crashing service thread ended unexpectedly \(exit code 1: Error: crashed on purpose after 100 ms/);
      await thread.stop();
    },
    scaledTimeout(60_000),
  );

  it(
    "says so when its thread ended before its service was started",
    async () => {
      const thread = spawnServiceThread({ service: "missing", entry: fixture("no-such"), env: {}, logLevel: "silent", logger });
      await expect(thread.start()).rejects.toThrow(/the missing thread ended .*Cannot find module/s);
      await thread.stop();
    },
    scaledTimeout(60_000),
  );
});
