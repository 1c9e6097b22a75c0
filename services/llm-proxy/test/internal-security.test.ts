import { execFile } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { AppError } from "@chatbot/core";
import { callUnary, createClient, protos, type GrpcSecurity } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import { grpcSecurityOf, type ServiceHandle } from "@chatbot/runtime";
import { createTestCertificates, scaledTimeout, type TestCertificates, testLogger, tlsDialAddress } from "@chatbot/testkit";
import { loadLlmProxyConfig, startLlmProxyService } from "../src";

const TOKEN = "llm-proxy-internal-token-0123456789";

describe("llm-proxy configured from GRPC_TLS_* and INTERNAL_TOKEN", () => {
  let certificates: TestCertificates;
  let service: ServiceHandle;
  let member: GrpcSecurity;
  const closers: { close(): void }[] = [];

  beforeAll(async () => {
    certificates = createTestCertificates();
    const { cert, key, ca } = certificates.member;
    const config = loadLlmProxyConfig({
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: "0",
      ADMIN_PORT: "0",
      LOG_LEVEL: "silent",
      INTERNAL_TOKEN: TOKEN,
      GRPC_TLS_CERT: cert,
      GRPC_TLS_KEY: key,
      GRPC_TLS_CA: ca,
    });
    member = grpcSecurityOf(config);
    service = await startLlmProxyService(config, { logger: testLogger("llm-proxy"), registry: createMetricsRegistry({ collectDefaults: false }) });
  });
  afterAll(async () => {
    for (const closer of closers) closer.close();
    await service?.stop();
    certificates?.remove();
  });

  const checkStores = (security: GrpcSecurity) => {
    const client = createClient(protos.diagnostics().Diagnostics, tlsDialAddress(service.address), security);
    closers.push(client);
    return callUnary(client, "llm-proxy", "CheckStores", {}, { timeoutMs: 3000 });
  };
  const statusOf = (error: unknown) => ((error as AppError).cause as grpc.ServiceError | undefined)?.code;

  it("serves a peer with the deployment's certificate and the token", async () => {
    expect((await checkStores(member)).service).toBe("llm-proxy");
  });

  it("refuses a plaintext peer even with the token, and a peer with the certificate but without the token", async () => {
    expect(statusOf(await checkStores({ internalToken: TOKEN }).catch((e: unknown) => e))).toBe(grpc.status.UNAVAILABLE);
    expect(statusOf(await checkStores({ tls: member.tls! }).catch((e: unknown) => e))).toBe(grpc.status.UNAUTHENTICATED);
  });
});

describe("llm-proxy started as its own process", () => {
  it(
    "exits 1 with one line naming INTERNAL_TOKEN when told to listen on 0.0.0.0 without a token or certificates",
    async () => {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          ["--import", "tsx", join(__dirname, "../src/main.ts")],
          {
            cwd: join(__dirname, "../../.."),
            env: { PATH: process.env.PATH, GRPC_HOST: "0.0.0.0", GRPC_PORT: "0", ADMIN_PORT: "0" },
            // A service that starts instead of refusing must not outlive the test.
            timeout: 30_000,
            killSignal: "SIGKILL",
          },
          (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
        );
      });
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        "Invalid configuration: INTERNAL_TOKEN: must be set because GRPC_HOST (0.0.0.0) is not a loopback address (or set GRPC_TLS_CERT, GRPC_TLS_KEY and GRPC_TLS_CA)",
      ]);
    },
    scaledTimeout(40_000),
  );
});
