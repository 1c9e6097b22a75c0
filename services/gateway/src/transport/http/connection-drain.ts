import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface ConnectionDrain {
  /** Stops listening and closes every connection once its current response is done; resolves when none is left. */
  stopAccepting(): Promise<void>;
}

/**
 * `server.close()` stops new connections but leaves kept-alive ones open, and Node keeps
 * serving requests on them: a client whose reply ended during shutdown could start new work
 * on the same connection. Here each connection takes no request after the one it is answering.
 */
export function connectionDrain(server: Server): ConnectionDrain {
  const answering = new Map<ServerResponse, Socket>();
  let stopping = false;

  const closeAfter = (response: ServerResponse, socket: Socket) => {
    if (!response.headersSent) response.setHeader("Connection", "close");
    if (response.writableFinished) socket.end();
    // The response lets go of its socket when it finishes, so the socket is the one seen on arrival.
    else response.once("finish", () => socket.end());
  };

  server.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    answering.set(response, socket);
    response.once("close", () => answering.delete(response));
    if (stopping) closeAfter(response, socket);
  });

  return {
    stopAccepting() {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const [response, socket] of answering) closeAfter(response, socket);
      return closed;
    },
  };
}
