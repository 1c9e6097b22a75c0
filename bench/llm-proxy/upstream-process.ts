// The benchmark's upstream in its own process, so that it does not share an event loop
// with the clients or the proxy: the test-kit server speaking the OpenAI protocol.
import { startLlmUpstream } from "@chatbot/testkit";

const tokens = Number(process.env.BENCH_TOKENS ?? 64);
const tokenIntervalMs = Number(process.env.BENCH_TOKEN_INTERVAL_MS ?? 5);

void startLlmUpstream({ tokens, tokenIntervalMs }).then((upstream) => {
  process.stdout.write(`${JSON.stringify({ url: upstream.url, openaiBaseUrl: upstream.openaiBaseUrl })}\n`);
  const stop = () => void upstream.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
  // Requests are recorded for tests; a benchmark would only grow memory with them.
  setInterval(() => upstream.reset(), 1000).unref();
});
