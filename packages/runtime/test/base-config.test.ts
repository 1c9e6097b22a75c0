import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseEnv } from "@chatbot/core";
import { baseServiceSchema, grpcSecurityOf, isLoopbackHost } from "../src";

const schema = baseServiceSchema({ grpcPort: 50051, adminPort: 9101 });
const parse = (env: Record<string, string>) => parseEnv(schema, env);
const TOKEN = "a-long-enough-internal-token";

/** The one-line start-up error, or "" when the configuration is accepted. */
function errorOf(env: Record<string, string>): string {
  try {
    parse(env);
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
}

describe("base service configuration: where gRPC listens and how callers prove themselves", () => {
  let dir: string;
  let pem: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "chatbot-config-"));
    pem = join(dir, "file.pem");
    writeFileSync(pem, "-----BEGIN CERTIFICATE-----\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("binds to loopback by default, with or without a token", () => {
    expect(parse({}).GRPC_HOST).toBe("127.0.0.1");
    expect(isLoopbackHost(parse({}).GRPC_HOST)).toBe(true);
    expect(parse({ INTERNAL_TOKEN: TOKEN }).INTERNAL_TOKEN).toBe(TOKEN);
  });

  it.each(["0.0.0.0", "::", "10.0.0.7", "session.chatbot.svc"])("refuses GRPC_HOST=%s without a token or certificates, in one line naming INTERNAL_TOKEN", (host) => {
    const message = errorOf({ GRPC_HOST: host });
    expect(message).toMatch(/^Invalid configuration: INTERNAL_TOKEN: must be set because GRPC_HOST \(.+\) is not a loopback address/);
    expect(message).not.toContain("\n");
  });

  it("opens a non-loopback GRPC_HOST with a token, or with all three certificate files", () => {
    expect(errorOf({ GRPC_HOST: "0.0.0.0", INTERNAL_TOKEN: TOKEN })).toBe("");
    expect(errorOf({ GRPC_HOST: "0.0.0.0", GRPC_TLS_CERT: pem, GRPC_TLS_KEY: pem, GRPC_TLS_CA: pem })).toBe("");
  });

  it.each(["127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]"])("counts %s as loopback", (host) => {
    expect(errorOf({ GRPC_HOST: host })).toBe("");
  });

  it("refuses a token shorter than 16 characters without echoing it", () => {
    const message = errorOf({ INTERNAL_TOKEN: "short-secret" });
    expect(message).toBe("Invalid configuration: INTERNAL_TOKEN: must be at least 16 characters");
  });

  it("refuses some but not all certificate files, and files that cannot be read", () => {
    expect(errorOf({ GRPC_TLS_CERT: pem, GRPC_TLS_KEY: pem })).toMatch(/^Invalid configuration: GRPC_TLS_CA: must be set too/);
    expect(errorOf({ GRPC_TLS_CERT: join(dir, "missing.pem"), GRPC_TLS_KEY: pem, GRPC_TLS_CA: pem })).toMatch(
      /^Invalid configuration: GRPC_TLS_CERT: must be the path of a readable file/,
    );
  });

  it("hands the gRPC helpers the token and the certificates' contents", () => {
    expect(grpcSecurityOf(parse({}))).toEqual({});
    const security = grpcSecurityOf(parse({ INTERNAL_TOKEN: TOKEN, GRPC_TLS_CERT: pem, GRPC_TLS_KEY: pem, GRPC_TLS_CA: pem }));
    expect(security.internalToken).toBe(TOKEN);
    expect(security.tls?.cert.toString()).toContain("BEGIN CERTIFICATE");
  });
});
