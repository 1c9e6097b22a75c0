import * as grpc from "@grpc/grpc-js";
import type { AppError } from "@chatbot/core";
import { createTestCertificates, testLogger, tlsDialAddress, type TestCertificates } from "@chatbot/testkit";
import {
  callUnary,
  checkHealth,
  createClient,
  createHealthClient,
  protos,
  startGrpcServer,
  unaryHandler,
  type GrpcSecurity,
  type RunningGrpcServer,
  type sessionV1,
} from "../src";

const logger = testLogger();
let certificates: TestCertificates;
let server: RunningGrpcServer;
const closers: { close(): void }[] = [];

beforeAll(async () => {
  certificates = createTestCertificates();
  const session: Partial<sessionV1.Handlers> = {
    GetSession: unaryHandler({ logger }, async (request: sessionV1.GetSessionRequest) => ({ session_id: request.session_id }) as never),
  };
  server = await startGrpcServer(
    { service: "test", host: "127.0.0.1", security: { tls: certificates.read(certificates.member) }, port: 0, logger, stores: [] },
    (grpcServer) => grpcServer.addService(protos.session().SessionService.service, session as sessionV1.Handlers),
  );
});
afterAll(async () => {
  for (const closer of closers) closer.close();
  await server?.shutdown(100);
  certificates?.remove();
});

function getSession(security: GrpcSecurity, credentials?: grpc.ChannelCredentials) {
  const client = credentials
    ? new (protos.session().SessionService)(tlsDialAddress(server.address), credentials)
    : createClient(protos.session().SessionService, tlsDialAddress(server.address), security);
  closers.push(client);
  return callUnary(client, "test", "GetSession", { session_id: "s" }, { timeoutMs: 3000 });
}

const statusOf = (error: unknown) => ((error as AppError).cause as grpc.ServiceError | undefined)?.code;

describe("mutual TLS between services", () => {
  it("serves a client presenting a certificate from the deployment's CA", async () => {
    expect((await getSession({ tls: certificates.read(certificates.member) })).session_id).toBe("s");
  });

  it("refuses a plaintext client", async () => {
    const error = await getSession({}).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(grpc.status.UNAVAILABLE);
  });

  it("refuses a TLS client without a certificate of its own", async () => {
    const error = await getSession({}, grpc.credentials.createSsl(certificates.read(certificates.member).ca)).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(grpc.status.UNAVAILABLE);
  });

  it("refuses a client whose certificate another CA signed, even when it trusts the server", async () => {
    const stranger = certificates.read(certificates.stranger);
    const error = await getSession({}, grpc.credentials.createSsl(certificates.read(certificates.member).ca, stranger.key, stranger.cert)).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(grpc.status.UNAVAILABLE);
  });

  it("is not trusted by a client of another CA", async () => {
    const error = await getSession({ tls: certificates.read(certificates.stranger) }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(grpc.status.UNAVAILABLE);
  });

  it("answers health checks over the same TLS", async () => {
    const health = createHealthClient(tlsDialAddress(server.address), { tls: certificates.read(certificates.member) });
    closers.push(health);
    expect(await checkHealth(health, 3000)).toBe("SERVING");
  });
});
