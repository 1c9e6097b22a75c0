import * as grpc from "@grpc/grpc-js";
import { AppError } from "@chatbot/core";
import { testLogger } from "@chatbot/testkit";
import {
  callServerStream,
  callUnary,
  checkHealth,
  createClient,
  createHealthClient,
  protos,
  startGrpcServer,
  streamHandler,
  unaryHandler,
  type GrpcSecurity,
  type RunningGrpcServer,
  type llmV1,
  type sessionV1,
} from "../src";

const logger = testLogger();
const TOKEN = "internal-token-for-tests-0123456789";
let server: RunningGrpcServer;
/** Calls that reached a handler: a rejected call must never get there. */
const handled: string[] = [];
const closers: { close(): void }[] = [];

beforeAll(async () => {
  const session: Partial<sessionV1.Handlers> = {
    GetSession: unaryHandler({ logger }, async (request: sessionV1.GetSessionRequest) => {
      handled.push(request.session_id);
      return { session_id: request.session_id } as never;
    }),
  };
  const llm: Partial<llmV1.Handlers> = {
    Generate: streamHandler<llmV1.GenerateRequestOutput, llmV1.GenerateEvent>({ logger }, async (request, send) => {
      handled.push(request.request_id);
      send({ delta: { text: "안녕" } } as llmV1.GenerateEvent);
    }),
  };
  server = await startGrpcServer({ service: "test", host: "127.0.0.1", security: { internalToken: TOKEN }, port: 0, logger, stores: [] }, (grpcServer) => {
    grpcServer.addService(protos.session().SessionService.service, session as sessionV1.Handlers);
    grpcServer.addService(protos.llm().LlmProxy.service, llm as llmV1.Handlers);
  });
});
afterAll(async () => {
  for (const closer of closers) closer.close();
  await server?.shutdown(100);
});

function sessionClient(security?: GrpcSecurity) {
  const client = createClient(protos.session().SessionService, server.address, security);
  closers.push(client);
  return client;
}

/** The gRPC status a peer answered, read from the AppError the client helpers make of it. */
function grpcStatusOf(error: unknown): grpc.status | undefined {
  return ((error as AppError).cause as grpc.ServiceError | undefined)?.code;
}

/** A unary call with hand-made metadata, bypassing the client helpers. */
function getSessionWith(metadata: grpc.Metadata): Promise<grpc.ServiceError | null> {
  const client = sessionClient();
  return new Promise((resolve) => {
    client.GetSession({ session_id: "hand-made" }, metadata, (error) => resolve(error));
  });
}

describe("internal token on the server", () => {
  it("answers UNAUTHENTICATED to a call without the token, before any handler runs", async () => {
    const error = await callUnary(sessionClient(), "test", "GetSession", { session_id: "no-token" }).catch((e: unknown) => e);
    expect(grpcStatusOf(error)).toBe(grpc.status.UNAUTHENTICATED);
    expect(handled).not.toContain("no-token");
  });

  it("answers UNAUTHENTICATED to a wrong token, and the caller reads it as its own misconfiguration, not as a caller's 401", async () => {
    const error = await callUnary(sessionClient({ internalToken: `${TOKEN}-wrong` }), "test", "GetSession", { session_id: "wrong" }).catch((e: unknown) => e);
    expect(grpcStatusOf(error)).toBe(grpc.status.UNAUTHENTICATED);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: "internal", code: "internal_auth_failed" });
    expect(handled).not.toContain("wrong");
  });

  it.each([
    ["the bare token, without Bearer", TOKEN],
    ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
    ["the token in other letters' case", `Bearer ${TOKEN.toUpperCase()}`],
    ["an empty value", ""],
  ])("rejects %s", async (_what, value) => {
    const metadata = new grpc.Metadata();
    metadata.set("authorization", value);
    const error = await getSessionWith(metadata);
    expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
  });

  it("serves a call with the right token", async () => {
    const answer = await callUnary(sessionClient({ internalToken: TOKEN }), "test", "GetSession", { session_id: "right" });
    expect(answer.session_id).toBe("right");
    expect(handled).toContain("right");
  });

  it("guards server streams the same way", async () => {
    const request = (id: string) => ({ request_id: id, messages: [{ role: "user", content: "hi" }] }) as llmV1.GenerateRequest;
    const read = async (security?: GrpcSecurity) => {
      const client = createClient(protos.llm().LlmProxy, server.address, security);
      closers.push(client);
      const texts: string[] = [];
      for await (const event of callServerStream(client, "test", "Generate", request(security ? "stream-right" : "stream-none"))) {
        texts.push(event.delta!.text);
      }
      return texts;
    };
    const error = await read().catch((e: unknown) => e);
    expect(grpcStatusOf(error)).toBe(grpc.status.UNAUTHENTICATED);
    expect(await read({ internalToken: TOKEN })).toEqual(["안녕"]);
    expect(handled).not.toContain("stream-none");
  });

  it("guards Diagnostics, which reports the stores a service uses", async () => {
    const diagnostics = (security?: GrpcSecurity) => {
      const client = createClient(protos.diagnostics().Diagnostics, server.address, security);
      closers.push(client);
      return callUnary(client, "test", "CheckStores", {});
    };
    expect(grpcStatusOf(await diagnostics().catch((e: unknown) => e))).toBe(grpc.status.UNAUTHENTICATED);
    expect((await diagnostics({ internalToken: TOKEN })).service).toBe("test");
  });

  it("leaves grpc.health.v1 open: kubelet's gRPC probes cannot send metadata", async () => {
    const health = createHealthClient(server.address);
    closers.push(health);
    expect(await checkHealth(health, 2000)).toBe("SERVING");
  });
});
