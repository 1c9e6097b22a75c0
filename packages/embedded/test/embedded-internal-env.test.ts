import { loadSessionConfig } from "@chatbot/session";
import { embeddedInternalEnv } from "../src";

describe("the embedded backend services' environment", () => {
  it("keeps them on loopback whatever GRPC_HOST says, on ports the OS picks", () => {
    expect(embeddedInternalEnv({ GRPC_HOST: "0.0.0.0", GRPC_PORT: "50051" })).toMatchObject({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0" });
  });

  it("makes a token for each process, since any local user can reach loopback, which the configuration accepts", () => {
    const first = embeddedInternalEnv({}).INTERNAL_TOKEN!;
    const second = embeddedInternalEnv({}).INTERNAL_TOKEN!;
    expect(first).not.toBe(second);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadSessionConfig(embeddedInternalEnv({})).INTERNAL_TOKEN).toEqual(expect.any(String));
  });

  it("uses INTERNAL_TOKEN when one is set", () => {
    expect(embeddedInternalEnv({ INTERNAL_TOKEN: " a-token-given-by-the-operator " }).INTERNAL_TOKEN).toBe("a-token-given-by-the-operator");
  });
});
