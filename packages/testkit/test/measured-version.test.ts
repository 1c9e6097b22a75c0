import { join } from "node:path";
import { expectMeasuredOn, installedVersion } from "../src";

const gateway = join(__dirname, "../../../services/gateway");
const llmProxy = join(__dirname, "../../../services/llm-proxy");

describe("library version pins of measured tricks", () => {
  it("reads the version a package's code loads, also for a package whose exports leave out package.json", () => {
    expect(installedVersion("express", gateway)).toMatch(/^\d+\.\d+\.\d+/);
    expect(() => require.resolve("openai/package.json", { paths: [llmProxy] })).toThrow();
    expect(installedVersion("openai", llmProxy)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("passes on the measured version and fails on another, naming the bench to re-run", () => {
    const installed = installedVersion("express", gateway);
    expect(() => expectMeasuredOn("a trick", "express", installed, gateway, "node bench/x.ts")).not.toThrow();
    expect(() => expectMeasuredOn("a trick", "express", "0.0.1", gateway, "node bench/x.ts")).toThrow(
      `a trick reaches into express's internals and was measured on express 0.0.1, but ${installed} is installed. Re-run \`node bench/x.ts\` first`,
    );
  });
});
