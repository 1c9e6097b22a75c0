import type { RunningGrpcServer } from "@chatbot/grpc";
import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";

/** What a started service hands back to whoever runs it (its own main, or the embedded launcher). */
export interface ServiceHandle {
  /** host:port of its gRPC server (the gateway: of its HTTP server). */
  address: string;
  port: number;
  /** Stop taking work, finish or hand back what is in flight, close stores. */
  stop(): Promise<void>;
}

/** A service served by a gRPC server: stopping it stops the server, then closes what the service used. */
export function grpcServiceHandle(server: RunningGrpcServer, close: () => Promise<void>): ServiceHandle {
  return {
    address: server.address,
    port: server.port,
    async stop() {
      await server.shutdown();
      await close();
    },
  };
}

/** Process-wide things a service receives instead of creating them itself. */
export interface ServiceDependencies {
  logger: Logger;
  registry: Registry;
}
