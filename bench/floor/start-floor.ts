// Starts the floor's roles (bench/floor/floor-servers.ts), each in its own process.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort } from "@chatbot/testkit";

export interface Floor {
  name: string;
  child: ChildProcess;
}

/** One role of floor-servers.ts in a child process, resolved once it listens. */
export function startFloor(name: string, args: string[]): Promise<Floor> {
  const child = fork(join(__dirname, "floor-servers.ts"), [name, ...args], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
    child.once("message", () => resolve({ name, child }));
  });
}

export interface ChatFloor {
  /** The HTTP relay's base URL. */
  url: string;
  /** The gRPC relay's address (host:port), for a client of the llm-proxy floor alone. */
  llmAddress: string;
  floors: Floor[];
  stop(): void;
}

/**
 * The chat floor: an HTTP SSE relay (POST /chat, POST /sessions) in front of a gRPC relay to
 * the upstream and a gRPC store doing one INSERT per call, three processes as the design's hops.
 */
export async function startChatFloor(databaseUrl: string, openaiBaseUrl: string): Promise<ChatFloor> {
  const [sessionPort, llmPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const floors = await Promise.all([startFloor("session-floor", [String(sessionPort), databaseUrl]), startFloor("llm-floor", [String(llmPort), openaiBaseUrl])]);
  floors.push(await startFloor("http-floor", [String(httpPort), `127.0.0.1:${sessionPort}`, `127.0.0.1:${llmPort}`]));
  return {
    url: `http://127.0.0.1:${httpPort}`,
    llmAddress: `127.0.0.1:${llmPort}`,
    floors,
    stop: () => {
      for (const floor of floors) floor.child.kill("SIGTERM");
    },
  };
}
