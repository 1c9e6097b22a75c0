// The Sessions API for the benchmarks: the session service on Postgres and the gateway in front
// of it (AUTH_MODE=none), each in its own process, or (`inProcess`) the session service inside
// the gateway's process (SESSION_ADDR=in-process), named `gateway+session`.
import { freePort } from "@chatbot/testkit";
import { spawnService, waitUntil, type ServiceProcess } from "./processes";

export interface SessionsApi {
  /** The gateway's base URL. */
  url: string;
  services: ServiceProcess[];
  stop(): Promise<void>;
}

/** Starts both processes and resolves once `POST /api/sessions` answers 201. */
export async function startSessionsApi(databaseUrl: string, options: { inProcess?: boolean } = {}): Promise<SessionsApi> {
  const [grpcPort, adminPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const gateway = {
    HOST: "127.0.0.1",
    PORT: String(httpPort),
    AUTH_MODE: "none",
    // One client makes every connection here.
    MAX_CONNECTIONS_PER_ADDRESS: "5000",
  };
  const services: ServiceProcess[] = options.inProcess
    ? [spawnService("gateway+session", "services/gateway/src/main.ts", { ...gateway, SESSION_ADDR: "in-process", DATABASE_URL: databaseUrl })]
    : [
        spawnService("session", "services/session/src/main.ts", {
          DATABASE_URL: databaseUrl,
          GRPC_HOST: "127.0.0.1",
          GRPC_PORT: String(grpcPort),
          ADMIN_PORT: String(adminPort),
        }),
        spawnService("gateway", "services/gateway/src/main.ts", { ...gateway, SESSION_ADDR: `127.0.0.1:${grpcPort}` }),
      ];
  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
  };
  try {
    await waitUntil(async () => (await fetch(`${url}/api/sessions`, { method: "POST" })).status === 201);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, services, stop };
}
