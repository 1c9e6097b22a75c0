import { isIPv4 } from "node:net";

/** Where backend listeners bind unless GRPC_HOST says otherwise: reachable from this machine only. */
export const DEFAULT_GRPC_HOST = "127.0.0.1";

/** Whether a listen address keeps a server off the network (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIPv4(bare) && bare.startsWith("127.");
}
