import { setMaxListeners } from "node:events";
import { isAppError, type Logger } from "@chatbot/core";
import type { SessionClient } from "../sessions/session.client";
import type { ChatSource, ChatUsage } from "./chat.types";

/** An assistant reply as it is stored in its session, once its generation has ended. */
export interface FinishedReply {
  tenantId: string;
  sessionId: string;
  messageId: string;
  content: string;
  status: "complete" | "interrupted" | "failed";
  model: string;
  usage: ChatUsage | null;
  sources: ChatSource[];
  errorCode: string;
  finishReason: string;
  /** The LLM provider that generated it (after fallbacks); "" when none did or it is not known. */
  provider: string;
}

/** Waits between attempts to store a reply: doubling from the first, never above the cap. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

export interface ReplyWriterOptions {
  session: SessionClient;
  logger: Logger;
  /**
   * How long a reply may keep being retried: as long as its stream is retained, the text
   * it carries can still be told to a resuming client, so it is still worth storing.
   */
  retryForMs: number;
}

export type StoreOutcome =
  /** Stored now; `createdAt` is the message's. */
  | { stored: true; createdAt: string }
  /** Not stored by this call; when `retrying`, attempts go on in the background until stored or `retryForMs` has passed. */
  | { stored: false; retrying: boolean; error: unknown };

/**
 * Stores finished replies through the session service. A reply that cannot be stored
 * because the service is unreachable is retried with backoff rather than lost, since the
 * client has already heard it. Storing is idempotent: the service fills a reserved message
 * once, so a reply another instance stored first (`message_not_streaming`) counts as stored.
 */
export interface ReplyWriter {
  /** Replies still waiting for the session service. */
  readonly pending: number;
  /** Tries once now; a retryable failure goes on in the background. */
  store(reply: FinishedReply): Promise<StoreOutcome>;
  /** Resolves once no retry is running (for tests and for shutdown). */
  settled(): Promise<void>;
  /** Gives up the retries in progress: the session's sweeper marks such replies failed later. */
  close(): Promise<void>;
}

export function createReplyWriter(options: ReplyWriterOptions): ReplyWriter {
  const stopped = new AbortController();
  const retrying = new Set<Promise<void>>();
  // Every reply being stored listens on this one signal while its call is in flight
  // (and removes its listener after), so more than ten at once is normal under load,
  // not a leak: the count is bounded by the streams open at the same time.
  setMaxListeners(0, stopped.signal);

  /** Tries once now; a retryable failure goes on in the background. */
  async function store(reply: FinishedReply): Promise<StoreOutcome> {
    try {
      return { stored: true, createdAt: await storeOnce(reply) };
    } catch (error) {
      if (!isRetryable(error) || stopped.signal.aborted) {
        options.logger.error({ err: error, message_id: reply.messageId }, "could not store the assistant message");
        return { stored: false, retrying: false, error };
      }
      options.logger.warn({ err: error, message_id: reply.messageId }, "could not store the assistant message yet; retrying");
      const retried = retryUntil(reply, Date.now() + options.retryForMs).finally(() => retrying.delete(retried));
      retrying.add(retried);
      return { stored: false, retrying: true, error };
    }
  }

  /** Resolves once no retry is running (for tests and for shutdown). */
  async function settled(): Promise<void> {
    while (retrying.size > 0) await Promise.allSettled([...retrying]);
  }

  /** Gives up the retries in progress: the session's sweeper marks such replies failed later. */
  async function close(): Promise<void> {
    stopped.abort();
    await settled();
  }

  async function retryUntil(reply: FinishedReply, deadline: number): Promise<void> {
    const { signal } = stopped;
    let wait = FIRST_RETRY_MS;
    for (let attempt = 2; ; attempt++) {
      if (!(await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), signal))) {
        options.logger.error({ message_id: reply.messageId }, "gave up storing the assistant message: shutting down");
        return;
      }
      try {
        await storeOnce(reply);
        options.logger.info({ message_id: reply.messageId, attempts: attempt }, "stored the assistant message after retrying");
        return;
      } catch (error) {
        if (!isRetryable(error) || Date.now() >= deadline) {
          options.logger.error({ err: error, message_id: reply.messageId, attempts: attempt }, "gave up storing the assistant message");
          return;
        }
      }
      wait = Math.min(wait * 2, MAX_RETRY_MS);
    }
  }

  /** Resolves with the message's creation time, also when it was already stored. */
  async function storeOnce(reply: FinishedReply): Promise<string> {
    try {
      const stored = await options.session.finalizeMessage(
        {
          tenant_id: reply.tenantId,
          session_id: reply.sessionId,
          message_id: reply.messageId,
          content: reply.content,
          status: reply.status,
          model: reply.model,
          ...(reply.usage ? { token_usage: reply.usage } : {}),
          sources: reply.sources.map((source) => ({ ...source, page: source.page ?? 0 })),
          error_code: reply.errorCode,
          finish_reason: reply.finishReason,
          provider: reply.provider,
        },
        { signal: stopped.signal },
      );
      return stored.created_at;
    } catch (error) {
      if (isAppError(error) && error.code === "message_not_streaming") return new Date().toISOString();
      throw error;
    }
  }

  return {
    get pending() {
      return retrying.size;
    },
    store,
    settled,
    close,
  };
}

function isRetryable(error: unknown): boolean {
  return isAppError(error) && error.isRetryable;
}

/** False when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
