import { ConfigError } from "@chatbot/core";
import { loadSessionConfig } from "../src";

describe("loadSessionConfig", () => {
  it("uses the documented defaults", () => {
    const config = loadSessionConfig({});
    expect(config.GRPC_PORT).toBe(50051);
    expect(config.ADMIN_PORT).toBe(9101);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SESSION_TIMEOUT_HOURS).toBe(24);
    expect(config.SESSION_SWEEP_INTERVAL_SECONDS).toBe(60);
  });

  it("reads fractional timeouts and a postgres URL", () => {
    const config = loadSessionConfig({
      SESSION_TIMEOUT_HOURS: "0.5",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      SESSION_SWEEP_INTERVAL_SECONDS: "5",
    });
    expect(config.SESSION_TIMEOUT_HOURS).toBe(0.5);
    expect(config.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/test");
    expect(config.SESSION_SWEEP_INTERVAL_SECONDS).toBe(5);
  });

  it.each([
    ["SESSION_TIMEOUT_HOURS", "abc"],
    ["SESSION_TIMEOUT_HOURS", "0"],
    ["SESSION_TIMEOUT_HOURS", "-3"],
    ["SESSION_SWEEP_INTERVAL_SECONDS", "0"],
    ["SESSION_SWEEP_INTERVAL_SECONDS", "1.5"],
    ["DATABASE_URL", "mysql://localhost/db"],
    ["GRPC_PORT", "70000"],
  ])("rejects %s=%s naming the variable", (variable, value) => {
    expect(() => loadSessionConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadSessionConfig({ [variable]: value })).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });

  it("treats an empty value as unset", () => {
    expect(loadSessionConfig({ SESSION_TIMEOUT_HOURS: "" }).SESSION_TIMEOUT_HOURS).toBe(24);
  });
});
