import { loadGatewayConfig } from "../src";

describe("access configuration", () => {
  it("requires keys by default and listens on every interface", () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({ AUTH_MODE: "api_key", HOST: "0.0.0.0", MAX_CONCURRENT_STREAMS_PER_KEY: 1000, API_KEY_CACHE_SECONDS: 30 });
    expect(config.RATE_LIMIT_PER_MINUTE).toBeUndefined();
    expect(config.ADMIN_API_KEY).toBeUndefined();
    expect(config.CORS_ORIGINS).toBeUndefined();
  });

  it("listens on loopback only without keys, unless HOST says otherwise", () => {
    expect(loadGatewayConfig({ AUTH_MODE: "none" }).HOST).toBe("127.0.0.1");
    expect(loadGatewayConfig({ AUTH_MODE: "none", HOST: " " }).HOST).toBe("127.0.0.1");
    expect(loadGatewayConfig({ AUTH_MODE: "none", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("caps a key's streams generously with keys, and not at all for the one caller without keys unless set", () => {
    expect(loadGatewayConfig({ AUTH_MODE: "none" }).MAX_CONCURRENT_STREAMS_PER_KEY).toBeUndefined();
    expect(loadGatewayConfig({ AUTH_MODE: "none", MAX_CONCURRENT_STREAMS_PER_KEY: "50" }).MAX_CONCURRENT_STREAMS_PER_KEY).toBe(50);
    expect(loadGatewayConfig({ MAX_CONCURRENT_STREAMS_PER_KEY: "5" }).MAX_CONCURRENT_STREAMS_PER_KEY).toBe(5);
  });

  it("parses limits and the CORS list", () => {
    const config = loadGatewayConfig({ RATE_LIMIT_PER_MINUTE: "120", CORS_ORIGINS: "https://a.example, https://b.example" });
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(120);
    expect(config.CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
  });

  it.each([
    [{ AUTH_MODE: "basic" }, "AUTH_MODE"],
    [{ RATE_LIMIT_PER_MINUTE: "0" }, "RATE_LIMIT_PER_MINUTE"],
    [{ RATE_LIMIT_PER_MINUTE: "많이" }, "RATE_LIMIT_PER_MINUTE"],
    [{ MAX_CONCURRENT_STREAMS_PER_KEY: "-1" }, "MAX_CONCURRENT_STREAMS_PER_KEY"],
    [{ ADMIN_API_KEY: "짧은키" }, "ADMIN_API_KEY"],
  ])("refuses %p naming the variable", (env, variable) => {
    expect(() => loadGatewayConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });
});
