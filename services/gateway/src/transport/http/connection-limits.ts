import type { Server } from "node:http";
import type { Socket } from "node:net";
import { rawErrorResponse } from "./client-error";

export interface ConnectionLimits {
  /**
   * Time to receive a whole request, headers and body. Responses are not bounded by it: an
   * event stream runs as long as it runs once its request has arrived.
   */
  requestTimeoutMs: number;
  /** Open connections one client address may hold; further ones are answered 429 and closed. */
  maxConnectionsPerAddress: number;
}

/**
 * Node checks request deadlines on a timer (30 s apart by default), so a stalled request
 * could outlive its deadline by that much; checking every second keeps it close.
 */
export const CONNECTION_CHECK_INTERVAL_MS = 1_000;

/**
 * Bounds what one client can hold: a request whose body never comes is answered 408
 * (through the server's `clientError` handler) once the request deadline passes, and one
 * address cannot open more than its share of sockets (file descriptors are per process).
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  // Headers are part of the request: their own deadline cannot be longer than the whole one.
  server.headersTimeout = Math.min(server.headersTimeout, limits.requestTimeoutMs);
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      refuse(socket, limits.maxConnectionsPerAddress);
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

function refuse(socket: Socket, limit: number): void {
  // The request is not read: the answer goes out first and the connection closes after it.
  socket.end(rawErrorResponse(429, "too_many_connections", `At most ${limit} connections may be open from one address`, { "Retry-After": "1" }), () => socket.destroy());
}
