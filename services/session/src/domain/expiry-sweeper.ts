import type { Logger } from "@chatbot/core";
import type { SessionStore } from "./session.store";

export interface ExpirySweeperOptions {
  store: SessionStore;
  now: () => Date;
  intervalMs: number;
  /** Sessions per DELETE: small statements keep locks and WAL bursts short. */
  batchSize?: number;
  logger: Logger;
  /** Called with how many sessions one sweep removed. */
  onSwept?: (count: number) => void;
  /**
   * A reply still reserved this long after its turn began will never be filled in (its
   * gateway died, or could not store it); it is then listed as failed. Default 15 minutes.
   */
  abandonedReplyMs?: number;
  /** Called with how many abandoned replies one sweep marked failed. */
  onAbandoned?: (count: number) => void;
}

/** The error code of a reply whose generation never reported back. */
const ABANDONED_REPLY_CODE = "reply_not_stored";
const DEFAULT_ABANDONED_REPLY_MS = 15 * 60_000;

export interface ExpirySweeper {
  /**
   * Deletes every session expired now, then fails abandoned replies, then indexes for search
   * the sessions stored before it existed, batch by batch; returns how many sessions went.
   */
  sweep(signal?: AbortSignal): Promise<number>;
  start(): void;
  /** Stops the timer and waits for a sweep in progress to end (after its current batch). */
  stop(): Promise<void>;
}

export const DEFAULT_SWEEP_BATCH_SIZE = 500;
/** Sessions indexed for search in one transaction: their messages are read and tokenised at once. */
const SEARCH_INDEX_BATCH_SIZE = 50;

export function createExpirySweeper(options: ExpirySweeperOptions): ExpirySweeper {
  const batchSize = options.batchSize ?? DEFAULT_SWEEP_BATCH_SIZE;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sweep(signal: AbortSignal = controller.signal): Promise<number> {
    let total = 0;
    // A fixed cut-off lets the loop end even while more sessions keep expiring.
    const cutoff = options.now();
    while (!signal.aborted) {
      const deleted = await options.store.deleteExpiredSessions(cutoff, batchSize);
      total += deleted;
      if (deleted < batchSize) break;
    }
    options.onSwept?.(total);
    await failAbandoned(signal, cutoff);
    await indexUnsearched(signal);
    return total;
  }

  /** Sessions stored before search existed get their postings (a no-op once all have them). */
  async function indexUnsearched(signal: AbortSignal): Promise<void> {
    let indexed = 0;
    while (!signal.aborted) {
      const done = await options.store.indexUnsearchedSessions(SEARCH_INDEX_BATCH_SIZE);
      indexed += done;
      if (done < SEARCH_INDEX_BATCH_SIZE) break;
    }
    if (indexed > 0) options.logger.info({ count: indexed }, "sessions stored before search indexed for it");
  }

  async function failAbandoned(signal: AbortSignal, now: Date): Promise<void> {
    const reservedBefore = new Date(now.getTime() - (options.abandonedReplyMs ?? DEFAULT_ABANDONED_REPLY_MS));
    let failed = 0;
    while (!signal.aborted) {
      const marked = await options.store.failAbandonedReplies(reservedBefore, ABANDONED_REPLY_CODE, batchSize);
      failed += marked;
      if (marked < batchSize) break;
    }
    if (failed > 0) {
      options.logger.warn({ count: failed }, "replies that were never stored marked failed");
      options.onAbandoned?.(failed);
    }
  }

  function tick(): void {
    if (running) return; // a slow sweep is not overlapped by the next one
    running = sweep()
      .then(
        (count) => {
          if (count > 0) options.logger.info({ count }, "expired sessions deleted");
          return count;
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, "expired session sweep failed; retrying next interval");
          return 0;
        },
      )
      .finally(() => {
        running = undefined;
      });
  }

  return {
    sweep,
    start() {
      if (timer) return;
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      controller.abort();
      await running;
    },
  };
}
