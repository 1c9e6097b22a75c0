import * as grpc from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import type { Logger } from "@chatbot/core";
import { probeStores, type StoreProbe } from "./diagnostics";
import { unaryHandler, type HandlerRuntime } from "./handlers";
import { protos } from "./load-protos";
import type { GrpcSecurity } from "./security/grpc-security";
import { serverCredentials, serverInterceptors } from "./security/credentials";
import type { DiagnosticsHandlers } from "./generated/chatbot/common/v1/Diagnostics";

/** Uploads travel to ingest over gRPC, so messages must fit the largest allowed file. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface GrpcServerOptions {
  /** Short service name, e.g. "session". */
  service: string;
  host: string;
  /** Token and/or mTLS every call must present (health checks excepted); required so that no service forgets it. */
  security: GrpcSecurity;
  /** 0 picks a free port (embedded mode). */
  port: number;
  logger: Logger;
  /** Shared by the service's own handlers; diagnostics calls are recorded through it too. */
  runtime?: HandlerRuntime;
  stores: StoreProbe[];
  /** Facts reported by diagnostics, e.g. the LLM provider in use. */
  info?: () => Record<string, string>;
  /** Fully qualified names reported by grpc.health.v1 besides "" (the whole server). */
  healthNames?: string[];
}

export interface RunningGrpcServer {
  server: grpc.Server;
  port: number;
  /** host:port a client can dial. */
  address: string;
  /** Reports NOT_SERVING, lets in-flight calls finish up to `graceMs`, then closes. */
  shutdown(graceMs?: number): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions, register: (server: grpc.Server) => void): Promise<RunningGrpcServer> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.http2.min_ping_interval_without_data_ms": 10_000,
    interceptors: serverInterceptors(options.security),
  });
  const names = ["", ...(options.healthNames ?? [])];
  const health = new HealthImplementation(Object.fromEntries(names.map((name) => [name, "SERVING"])));
  health.addToServer(server);

  const diagnostics: DiagnosticsHandlers = {
    CheckStores: unaryHandler(options.runtime ?? { logger: options.logger }, () => probeStores(options.service, options.stores, options.info?.() ?? {})),
  };
  server.addService(protos.diagnostics().Diagnostics.service, diagnostics);
  register(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, serverCredentials(options.security), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  const dialHost = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  options.logger.info({ host: options.host, port, internal_token: Boolean(options.security.internalToken), tls: Boolean(options.security.tls) }, "gRPC server listening");

  return {
    server,
    port,
    address: `${dialHost}:${port}`,
    async shutdown(graceMs = 3000) {
      for (const name of names) health.setStatus(name, "NOT_SERVING");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
