// One embedded system in its own process, in the layout BENCH_LAYOUT names ("threads", what
// `npm start` runs, or "one-thread", the earlier layout), so that the benchmark's clients do
// not share its event loop. Prints one JSON line once it answers: its URL and how long it took.
import { performance } from "node:perf_hooks";
import { startEmbedded, type EmbeddedLayout } from "@chatbot/embedded";

const layout = (process.env.BENCH_LAYOUT ?? "threads") as EmbeddedLayout;
const began = performance.now();

startEmbedded(process.env, { layout }).then(
  (system) => {
    const startupMs = Math.round(performance.now() - began);
    process.stdout.write(`${JSON.stringify({ url: system.url, layout: system.layout, startupMs, sinceProcessStartMs: Math.round(performance.now()) })}\n`);
    const stop = () => void system.stop().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.stdin.on("end", stop);
    process.stdin.resume();
    void system.died.then((error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    });
  },
  (error: unknown) => {
    process.stderr.write(`the embedded system did not start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
