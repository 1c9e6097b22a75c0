import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createQdrantHttp } from "../src/storage/qdrant-http";

/** Drops the connection under its second request without answering, as a server closing an idle connection does. */
async function startDroppingServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    if (requests === 2) {
      request.socket.destroy();
      return;
    }
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ result: { ok: requests }, status: "ok" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("Qdrant HTTP calls", () => {
  it("sends an idempotent call once more when the server dropped its connection under it", async () => {
    const server = await startDroppingServer();
    const http = createQdrantHttp({ url: server.url });
    try {
      expect(await http.call("PUT", "/collections/c/points?wait=true", { points: [] })).toEqual({ ok: 1 });
      // The second call's connection is dropped under it; the call is sent again.
      expect(await http.call("PUT", "/collections/c/points?wait=true", { points: [] })).toEqual({ ok: 3 });
      expect(server.requests()).toBe(3);
    } finally {
      await http.close();
      await server.close();
    }
  });

  it("names the status and Qdrant's reason when it refuses a call", async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: { error: "Wrong input: Not existing vector name" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const http = createQdrantHttp({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      await expect(http.call("POST", "/collections/c/points/query", {})).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining("Not existing vector name"),
      });
    } finally {
      await http.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
