// The least a service of each kind can do on its hop, with the same libraries the services
// use (node:http, @grpc/grpc-js, pg) and none of their work: no Express, no validation, no
// protobuf, no metrics, no logging. Each role runs in its own process:
//
//   session-floor <grpcPort> <databaseUrl>      gRPC unary Create: one INSERT, the row back
//   llm-floor <grpcPort> <openaiBaseUrl>        gRPC server stream Relay: POST upstream, each SSE data line as a message
//   http-floor <httpPort> <sessionAddr> <llmAddr>  POST /sessions → Create; POST /chat → Create, Relay as SSE, Create
//
// Messages are raw bytes, so nothing here costs more than the transport itself.
import { randomUUID } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import * as grpc from "@grpc/grpc-js";
import { createPostgresClient } from "@chatbot/sql";

const raw = { serialize: (value: Buffer) => value, deserialize: (bytes: Buffer) => bytes };

export const floorService = {
  Create: {
    path: "/floor.Floor/Create",
    requestStream: false,
    responseStream: false,
    requestSerialize: raw.serialize,
    requestDeserialize: raw.deserialize,
    responseSerialize: raw.serialize,
    responseDeserialize: raw.deserialize,
  },
  Relay: {
    path: "/floor.Floor/Relay",
    requestStream: false,
    responseStream: true,
    requestSerialize: raw.serialize,
    requestDeserialize: raw.deserialize,
    responseSerialize: raw.serialize,
    responseDeserialize: raw.deserialize,
  },
} satisfies grpc.ServiceDefinition;

export const FloorClient = grpc.makeGenericClientConstructor(floorService, "Floor");
export type FloorClientInstance = InstanceType<typeof FloorClient> & {
  Create(request: Buffer, callback: (error: grpc.ServiceError | null, reply?: Buffer) => void): grpc.ClientUnaryCall;
  Relay(request: Buffer): grpc.ClientReadableStream<Buffer>;
};

export function floorClient(address: string): FloorClientInstance {
  return new FloorClient(address, grpc.credentials.createInsecure(), { "grpc.enable_channelz": 0 }) as FloorClientInstance;
}

function serveGrpc(port: number, handlers: grpc.UntypedServiceImplementation): void {
  const server = new grpc.Server();
  server.addService(floorService, handlers);
  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error) => {
    if (error) throw error;
    process.send?.("ready");
  });
}

async function sessionFloor(port: number, databaseUrl: string) {
  const sql = createPostgresClient({ connectionString: databaseUrl, maxConnections: 10 });
  await sql.query("CREATE TABLE IF NOT EXISTS floor_sessions (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, metadata jsonb NOT NULL)");
  await sql.query("TRUNCATE floor_sessions");
  serveGrpc(port, {
    Create(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) {
      const row = { session_id: randomUUID(), created_at: new Date().toISOString(), metadata: call.request.toString() };
      sql.query("INSERT INTO floor_sessions (id, created_at, metadata) VALUES ($1, $2, $3::jsonb)", [row.session_id, row.created_at, row.metadata]).then(
        () => callback(null, Buffer.from(JSON.stringify(row))),
        (error: Error) => callback(error),
      );
    },
  });
}

function llmFloor(port: number, openaiBaseUrl: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const target = new URL(`${openaiBaseUrl}/chat/completions`);
  serveGrpc(port, {
    Relay(call: grpc.ServerWritableStream<Buffer, Buffer>) {
      const upstream = request(target, { method: "POST", agent, headers: { "content-type": "application/json", authorization: "Bearer floor" } }, (response) => {
        let carry = "";
        response.setEncoding("utf8");
        response.on("data", (text: string) => {
          carry += text;
          for (let end = carry.indexOf("\n\n"); end >= 0; end = carry.indexOf("\n\n")) {
            const event = carry.slice(0, end);
            carry = carry.slice(end + 2);
            if (event.startsWith("data: ") && event !== "data: [DONE]") call.write(Buffer.from(event.slice(6)));
          }
        });
        response.on("end", () => call.end());
        response.on("error", () => call.end());
      });
      upstream.on("error", (error) => call.destroy(error));
      call.on("cancelled", () => upstream.destroy());
      upstream.end(call.request);
    },
  });
}

function httpFloor(port: number, sessionAddress: string, llmAddress: string) {
  const session = floorClient(sessionAddress);
  const llm = floorClient(llmAddress);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url === "/sessions") {
        session.Create(body, (error, reply) => {
          if (error || !reply) {
            res.writeHead(503).end();
            return;
          }
          res.writeHead(201, { "content-type": "application/json", "content-length": reply.length }).end(reply);
        });
        return;
      }
      // As a chat: the question is stored, the reply streamed, then the reply stored.
      session.Create(body, (error) => {
        if (error) {
          res.writeHead(503).end();
          return;
        }
        const call = llm.Relay(body);
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-accel-buffering": "no" });
        res.on("close", () => call.cancel());
        let reply = "";
        call.on("data", (message: Buffer) => {
          const text = message.toString();
          reply += text;
          res.write(`data: ${text}\n\n`);
        });
        call.on("end", () => session.Create(Buffer.from(JSON.stringify({ reply })), () => res.end()));
        call.on("error", () => res.end());
      });
    });
  });
  server.listen(port, "127.0.0.1", () => process.send?.("ready"));
}

const [role, port, first, second] = process.argv.slice(2);
if (role) process.on("SIGTERM", () => process.exit(0));
if (role === "session-floor") void sessionFloor(Number(port), first!);
else if (role === "llm-floor") llmFloor(Number(port), first!);
else if (role === "http-floor") httpFloor(Number(port), first!, second!);
