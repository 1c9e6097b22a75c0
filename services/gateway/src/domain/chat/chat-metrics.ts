import { counter, gauge, type Registry } from "@chatbot/observability";

/** What operators watch of chat: generations running and how they end, streams held open. */
export function createChatMetrics(registry: Registry) {
  const active = gauge(registry, {
    name: "chatbot_chat_active_generations",
    help: "Replies being generated right now on this gateway",
    labelNames: [] as const,
  });
  const finished = counter(registry, {
    name: "chatbot_chat_generations_total",
    help: "Finished replies by outcome: complete, interrupted or failed",
    labelNames: ["status"] as const,
  });
  const openStreams = gauge(registry, {
    name: "chatbot_sse_open_streams",
    help: "Server-Sent Events connections open on this gateway (chat streams, resumes, document progress)",
    labelNames: [] as const,
  });
  return {
    generationStarted: () => active.inc(),
    generationEnded: (status: string) => {
      active.dec();
      finished.inc({ status });
    },
    streamOpened: () => openStreams.inc(),
    streamClosed: () => openStreams.dec(),
  };
}

export type ChatMetrics = ReturnType<typeof createChatMetrics>;
