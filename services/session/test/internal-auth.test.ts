import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import * as grpc from "@grpc/grpc-js";
import type { AppError } from "@chatbot/core";
import { callUnary, createClient, protos, type GrpcSecurity } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { testLogger } from "@chatbot/testkit";
import { loadSessionConfig, startSessionService } from "../src";

const TOKEN = "session-internal-token-0123456789";
const dependencies = () => ({ logger: testLogger("session"), registry: createMetricsRegistry({ collectDefaults: false }) });

/** Started the way a deployment would, but without GRPC_HOST: the defaults are what is under test. */
describe("the session service with INTERNAL_TOKEN and the default GRPC_HOST", () => {
  let sql: SqlClient;
  let handle: ServiceHandle;
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    sql = await createPgliteClient();
    handle = await startSessionService(loadSessionConfig({ GRPC_PORT: "0", ADMIN_PORT: "0", INTERNAL_TOKEN: TOKEN }), dependencies(), { sql });
  });
  afterAll(async () => {
    for (const closer of closers) closer.close();
    await handle?.stop();
    await sql?.close();
  });

  const apiKeys = (security?: GrpcSecurity) => {
    const client = createClient(protos.apiKeys().ApiKeys, handle.address, security);
    closers.push(client);
    return client;
  };
  const statusOf = (error: unknown) => ((error as AppError).cause as grpc.ServiceError | undefined)?.code;

  it("does not mint an API key for a caller without the token, or with a wrong one", async () => {
    const withoutToken = await callUnary(apiKeys(), "session", "CreateApiKey", { tenant_id: "intruder", name: "mine now" }).catch((e: unknown) => e);
    expect(statusOf(withoutToken)).toBe(grpc.status.UNAUTHENTICATED);
    const wrongToken = await callUnary(apiKeys({ internalToken: "session-internal-token-guessed" }), "session", "CreateApiKey", {
      tenant_id: "intruder",
      name: "mine now",
    }).catch((e: unknown) => e);
    expect(statusOf(wrongToken)).toBe(grpc.status.UNAUTHENTICATED);

    const listed = await callUnary(apiKeys({ internalToken: TOKEN }), "session", "ListApiKeys", { tenant_id: "intruder" });
    expect(listed.api_keys).toEqual([]);
  });

  it("mints one for a caller with the right token", async () => {
    const created = await callUnary(apiKeys({ internalToken: TOKEN }), "session", "CreateApiKey", { tenant_id: "테넌트", name: "gateway" });
    expect(created.key).toEqual(expect.any(String));
    expect(created.api_key?.tenant_id).toBe("테넌트");
  });

  /** Resolves to whether a TCP connection to host:port is accepted. */
  const accepts = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port, timeout: 2000 });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => (socket.destroy(), resolve(false)));
    });

  it("listens on 127.0.0.1 only: this machine's network addresses are refused", async () => {
    expect(handle.address).toBe(`127.0.0.1:${handle.port}`);
    expect(await accepts("127.0.0.1", handle.port)).toBe(true);
    const networkAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address !== undefined && !address.internal && address.family === "IPv4")
      .map((address) => address!.address);
    // A machine without a network interface has nothing to prove here; a test machine has one.
    expect(networkAddresses.length).toBeGreaterThan(0);
    for (const address of networkAddresses) expect({ address, accepted: await accepts(address, handle.port) }).toEqual({ address, accepted: false });
  });
});
