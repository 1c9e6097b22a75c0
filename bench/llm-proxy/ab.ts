// Paired A/B of two llm-proxy builds: both run at once against one upstream and take the same
// load in every round, so whatever else the machine is doing hits both alike. On a shared
// machine this tells a few percent of CPU apart, which separate runs of run.ts cannot.
//
// Run: node --import tsx bench/llm-proxy/ab.ts <entry A> <entry B>
// where an entry is a copy of services/llm-proxy/src/main.ts (e.g. a baseline checkout whose
// node_modules links to this tree's). Knobs: AB_CONCURRENCY (streams in flight per proxy,
// default 50), AB_STREAMS (per round and proxy, default 300), AB_ROUNDS (default 6),
// AB_TOKENS (per reply, default 64; 1 measures the per-request cost). Rounds still differ by
// a few percent: run A/A once to see the noise, and swap A and B to rule out their order.
import { createClient, protos, type llmV1 } from "@chatbot/grpc";
import { freePort } from "@chatbot/testkit";
import { runConcurrently } from "../support/concurrency";
import { percentile } from "../support/stats";
import { startProxy, startUpstream, streamThroughProxy, waitForProxy } from "./bench-processes";
import { cpuMicrosOf } from "../support/process-cpu";

const TOKEN_INTERVAL_MS = 10;
const CONCURRENCY = Number(process.env.AB_CONCURRENCY ?? 50);
const STREAMS = Number(process.env.AB_STREAMS ?? 300);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const TOKENS = Number(process.env.AB_TOKENS ?? 64);

interface Side {
  name: string;
  pid: number;
  client: llmV1.Client;
}

interface Round {
  cpuPerToken: number;
  cpuPerStream: number;
  ttftP50: number;
  failures: number;
}

async function main() {
  const [entryA, entryB] = process.argv.slice(2);
  if (!entryA || !entryB) throw new Error("usage: ab.ts <entry A> <entry B>");
  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  const sides: Side[] = [];
  const processes = [];
  for (const [name, entry] of [
    ["A", entryA],
    ["B", entryB],
  ] as const) {
    const port = await freePort();
    const proxy = startProxy(upstream.openaiBaseUrl, port, entry);
    processes.push(proxy);
    const client = createClient(protos.llm().LlmProxy, `127.0.0.1:${port}`);
    await waitForProxy(client);
    sides.push({ name, pid: proxy.pid!, client });
  }
  console.log(`paired A/B: ${CONCURRENCY} streams in flight per proxy, ${STREAMS} per round, ${TOKENS} tokens each, ${TOKEN_INTERVAL_MS} ms apart`);
  console.log(`A: ${entryA}\nB: ${entryB}`);

  // Warm-up, so that both are measured with their code optimised.
  await Promise.all(sides.map((side) => level(side, 20, 200)));
  const rounds: Round[][] = [];
  for (let index = 0; index < ROUNDS; index += 1) {
    const [a, b] = await Promise.all(sides.map((side) => level(side, CONCURRENCY, STREAMS)));
    rounds.push([a!, b!]);
    console.log(`round ${index + 1}: ${describe("A", a!)} | ${describe("B", b!)} | B/A CPU ${(b!.cpuPerToken / a!.cpuPerToken).toFixed(3)}`);
  }
  const median = (pick: (round: Round[]) => number) => percentile(rounds.map(pick), 50);
  console.log(
    `median: CPU per token A ${median((r) => r[0]!.cpuPerToken).toFixed(1)} µs, B ${median((r) => r[1]!.cpuPerToken).toFixed(1)} µs, ` +
      `B/A ${median((r) => r[1]!.cpuPerToken / r[0]!.cpuPerToken).toFixed(3)}; per stream A ${Math.round(median((r) => r[0]!.cpuPerStream))} µs, ` +
      `B ${Math.round(median((r) => r[1]!.cpuPerStream))} µs; TTFT p50 A ${median((r) => r[0]!.ttftP50).toFixed(2)} ms, B ${median((r) => r[1]!.ttftP50).toFixed(2)} ms`,
  );

  for (const side of sides) side.client.close();
  for (const proxy of processes) proxy.kill("SIGTERM");
  upstream.process.kill("SIGTERM");
}

async function level(side: Side, concurrency: number, streams: number): Promise<Round> {
  const before = cpuMicrosOf(side.pid);
  const run = await runConcurrently(concurrency, streams, () => streamThroughProxy(side.client, TOKENS), { rampMs: TOKENS * TOKEN_INTERVAL_MS });
  const micros = cpuMicrosOf(side.pid) - before;
  const tokens = run.results.reduce((sum, result) => sum + result.tokens, 0);
  return {
    cpuPerToken: micros / tokens,
    cpuPerStream: micros / streams,
    ttftP50: percentile(
      run.results.filter((result) => result.ok).map((result) => result.ttftMs),
      50,
    ),
    failures: run.results.filter((result) => !result.ok).length,
  };
}

function describe(name: string, round: Round): string {
  return `${name} ${round.cpuPerToken.toFixed(1)} µs/token, TTFT p50 ${round.ttftP50.toFixed(2)} ms${round.failures ? `, ${round.failures} failed` : ""}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
