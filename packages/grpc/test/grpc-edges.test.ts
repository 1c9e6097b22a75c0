import { AppError } from "@chatbot/core";
import { scaledTimeout, testLogger, waitFor } from "@chatbot/testkit";
import {
  callUnary,
  checkHealth,
  createClient,
  createHealthClient,
  grpcInvoker,
  inProcessInvoker,
  NO_GRPC_SECURITY,
  protos,
  startGrpcServer,
  unaryHandlers,
  type RunningGrpcServer,
  type sessionV1,
  type UnaryCalls,
  type UnaryInvoker,
} from "../src";

const logger = testLogger();
let server: RunningGrpcServer;
let sawCancellation = false;
/** Set when a DeleteSession call reaches the server: a cancellation can only be seen after it. */
let received = false;

/** A session service whose methods fail on purpose, to watch errors cross each edge. */
function failingSessionCalls(): Partial<UnaryCalls<sessionV1.Handlers>> {
  return {
    GetSession: async (request: sessionV1.GetSessionRequest) => {
      if (request.session_id === "없음") {
        throw new AppError("not_found", "session_not_found", "세션을 찾을 수 없습니다", { details: { id: "없음" } });
      }
      if (request.session_id === "rate") {
        throw new AppError("resource_exhausted", "rate_limited", "Too many requests", { retryAfterSeconds: 7 });
      }
      // Fields the caller left out arrive as proto defaults; fields the answer leaves out are read as defaults.
      if (request.session_id === "partial") return { session_id: `tenant=[${request.tenant_id}]` } as unknown as sessionV1.Session;
      throw new Error("secret internal detail: password=hunter2");
    },
    DeleteSession: (_request, context) => {
      received = true;
      return new Promise((_, reject) => {
        context.signal.addEventListener("abort", () => {
          sawCancellation = true;
          reject(new AppError("cancelled", "cancelled", "cancelled"));
        });
      });
    },
  };
}

beforeAll(async () => {
  server = await startGrpcServer(
    {
      service: "test",
      host: "127.0.0.1",
      security: NO_GRPC_SECURITY,
      port: 0,
      logger,
      stores: [
        { name: "fast", kind: "memory", ping: async () => undefined },
        { name: "broken", kind: "postgres", ping: async () => Promise.reject(new Error("연결 거부")) },
        { name: "hanging", kind: "redis", ping: () => new Promise(() => undefined) },
      ],
      info: () => ({ llm_provider: "local" }),
      healthNames: ["chatbot.session.v1.SessionService"],
    },
    (grpcServer) => grpcServer.addService(protos.session().SessionService.service, unaryHandlers({ logger }, failingSessionCalls() as UnaryCalls<sessionV1.Handlers>)),
  );
});
afterAll(() => server.shutdown(100));

function sessionClient(address = server.address) {
  return createClient(protos.session().SessionService, address);
}

/** The two edges a service's calls have: its gRPC server through a channel, and a caller in the same process. */
const edges: [string, () => { call: UnaryInvoker<sessionV1.Client>; close(): void }][] = [
  [
    "over gRPC",
    () => {
      const client = sessionClient();
      return { call: grpcInvoker(client, "session"), close: () => client.close() };
    },
  ],
  [
    "in-process",
    () => ({
      call: inProcessInvoker<sessionV1.Client, sessionV1.Handlers>(
        protos.session().SessionService.service,
        failingSessionCalls() as UnaryCalls<sessionV1.Handlers>,
        { logger },
        "session",
      ),
      close: () => undefined,
    }),
  ],
];

describe.each(edges)("a service's calls %s", (_edge, open) => {
  let edge: ReturnType<typeof open>;
  beforeEach(() => {
    edge = open();
  });
  afterEach(() => edge.close());

  it("carry an AppError's kind, code, message and details", async () => {
    const error = await edge.call("GetSession", { session_id: "없음" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: "not_found", code: "session_not_found", message: "세션을 찾을 수 없습니다", details: { id: "없음" } });
  });

  it("carry Retry-After hints", async () => {
    const error = await edge.call("GetSession", { session_id: "rate" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "resource_exhausted", retryAfterSeconds: 7 });
  });

  it("turn an unexpected error into an internal error without leaking its message", async () => {
    const error = (await edge.call("GetSession", { session_id: "boom" }).catch((e: unknown) => e)) as AppError;
    expect(error.kind).toBe("internal");
    expect(error.message).not.toContain("hunter2");
  });

  it("fill in the defaults of what a request or an answer leaves out", async () => {
    const session = await edge.call("GetSession", { session_id: "partial" } as sessionV1.GetSessionRequest);
    expect(session).toMatchObject({ session_id: "tenant=[]", tenant_id: "", metadata_json: "", message_count: 0 });
  });

  it("enforce the call deadline and tell the service", async () => {
    sawCancellation = false;
    // Long enough for the call to reach the server on a busy machine: one that expires on the way is never seen there.
    const error = await edge.call("DeleteSession", { session_id: "x" }, { timeoutMs: scaledTimeout(500) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "deadline_exceeded", code: "service_timeout" });
    await waitFor(() => sawCancellation, { what: "server-side cancellation" });
  });

  it("cancel the call when the caller's signal aborts", async () => {
    sawCancellation = false;
    received = false;
    const controller = new AbortController();
    const pending = edge.call("DeleteSession", { session_id: "x" }, { signal: controller.signal });
    // Aborted once the service has the call (a fixed 50 ms could fire before it arrived on a busy machine).
    await waitFor(() => received, { what: "the call at the service" });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: "cancelled" });
    await waitFor(() => sawCancellation, { what: "server-side cancellation" });
  });
});

describe("in-process calls", () => {
  it("fail as internal when a call throws before it returns a promise", async () => {
    const calls = {
      GetSession: () => {
        throw new Error("secret internal detail: password=hunter2");
      },
    } as unknown as UnaryCalls<sessionV1.Handlers>;
    const call = inProcessInvoker<sessionV1.Client, sessionV1.Handlers>(protos.session().SessionService.service, calls, { logger }, "session");
    const error = (await call("GetSession", { session_id: "x" } as sessionV1.GetSessionRequest).catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({ kind: "internal", code: "internal_error" });
    expect(error.message).not.toContain("hunter2");
  });
});

describe("gRPC transport failures", () => {
  it("reports a peer that is not listening as unavailable, naming it", async () => {
    const client = sessionClient("127.0.0.1:1");
    const error = await callUnary(client, "session", "GetSession", { session_id: "x" }, { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", code: "service_unavailable" });
    expect((error as Error).message).toContain("session");
    client.close();
  });
});

describe("health and diagnostics", () => {
  it("answers grpc.health.v1 for the server and the named service", async () => {
    const health = createHealthClient(server.address);
    expect(await checkHealth(health, 1000)).toBe("SERVING");
    expect(await checkHealth(health, 1000, "chatbot.session.v1.SessionService")).toBe("SERVING");
    health.close();
  });

  it("reports each store with its latency, and a failing or hanging store as not ok", async () => {
    const client = createClient(protos.diagnostics().Diagnostics, server.address);
    const report = await callUnary(client, "test", "CheckStores", {}, { timeoutMs: 5000 });
    const byName = Object.fromEntries(report.stores.map((store) => [store.name, store]));
    expect(report.service).toBe("test");
    expect(report.info).toEqual({ llm_provider: "local" });
    expect(byName.fast).toMatchObject({ ok: true, kind: "memory" });
    expect(byName.broken).toMatchObject({ ok: false, error: "연결 거부" });
    expect(byName.hanging).toMatchObject({ ok: false, error: expect.stringContaining("no answer") });
    expect(byName.hanging!.latency_ms).toBeGreaterThanOrEqual(1000);
    client.close();
  });
});
