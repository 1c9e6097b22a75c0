import { AppError } from "@chatbot/core";
import { testLogger, waitFor } from "@chatbot/testkit";
import { callUnary, createClient, createHealthClient, NO_GRPC_SECURITY, protos, startGrpcServer, unaryHandler, type RunningGrpcServer, type sessionV1 } from "../src";

const GRACE_MS = 1000;
const logger = testLogger();

describe("gRPC server shutdown(grace)", () => {
  let server: RunningGrpcServer | undefined;
  const closers: { close(): void }[] = [];
  afterAll(async () => {
    for (const closer of closers) closer.close();
    await server?.shutdown(100);
  });

  it("finishes calls in flight, tells health watchers NOT_SERVING, refuses new calls and cancels what is left at the grace", async () => {
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    const entered = new Set<string>();
    let abortedAt: number | undefined;
    const handlers: Partial<sessionV1.Handlers> = {
      // Work that ends when the test says so, after shutdown has begun.
      GetSession: unaryHandler({ logger }, async (request: sessionV1.GetSessionRequest) => {
        entered.add("GetSession");
        await finishing;
        return { session_id: request.session_id } as never;
      }),
      // Work that never ends on its own: only the server's cancellation stops it.
      DeleteSession: unaryHandler({ logger }, (_request, context) => {
        entered.add("DeleteSession");
        return new Promise((_, reject) =>
          context.signal.addEventListener("abort", () => {
            abortedAt = Date.now();
            reject(new AppError("cancelled", "cancelled", "cancelled"));
          }),
        );
      }),
    };
    server = await startGrpcServer({ service: "test", host: "127.0.0.1", security: NO_GRPC_SECURITY, port: 0, logger, stores: [] }, (grpcServer) =>
      grpcServer.addService(protos.session().SessionService.service, handlers as sessionV1.Handlers),
    );
    const client = createClient(protos.session().SessionService, server.address);
    const health = createHealthClient(server.address);
    closers.push(client, health);
    const statuses: string[] = [];
    const watch = (health as unknown as { Watch(request: { service: string }): NodeJS.EventEmitter }).Watch({ service: "" });
    watch.on("data", (response: { status: string }) => statuses.push(response.status));
    watch.on("error", () => undefined);
    await waitFor(() => statuses.includes("SERVING"), { what: "health watch to report SERVING" });

    const quick = callUnary(client, "session", "GetSession", { session_id: "곧-끝나는-호출" }, { timeoutMs: 10_000 });
    const endless = callUnary(client, "session", "DeleteSession", { session_id: "끝나지-않는-호출" }, { timeoutMs: 10_000 }).catch((error: unknown) => error);
    await waitFor(() => entered.size === 2, { what: "both calls in their handlers" });

    const startedAt = Date.now();
    const stopped = server.shutdown(GRACE_MS).then(() => Date.now() - startedAt);
    await waitFor(() => statuses.includes("NOT_SERVING"), { what: "health watch to report NOT_SERVING" });

    const lateClient = createClient(protos.session().SessionService, server.address);
    closers.push(lateClient);
    for (const late of [client, lateClient]) {
      const refused = await callUnary(late, "session", "GetSession", { session_id: "늦은-호출" }, { timeoutMs: 2000 }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ kind: "unavailable" });
    }

    finish();
    expect(await quick).toMatchObject({ session_id: "곧-끝나는-호출" });
    const cut = await endless;
    expect(cut).toBeInstanceOf(AppError);
    expect(["cancelled", "unavailable"]).toContain((cut as AppError).kind);
    const tookMs = await stopped;
    expect(abortedAt! - startedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(abortedAt! - startedAt).toBeLessThan(GRACE_MS + 1500);
    expect(tookMs).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect(tookMs).toBeLessThan(GRACE_MS + 1500);
  });
});
