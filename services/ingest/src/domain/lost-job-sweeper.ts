import { isAppError, type Logger } from "@chatbot/core";
import type { DocumentStore } from "./document.store";
import type { JobQueue } from "./job.queue";

export interface LostJobSweeperDependencies {
  store: Pick<DocumentStore, "claimStale">;
  queue: Pick<JobQueue, "publish" | "waitingJobs">;
  /** A document not updated for this long while no job waits is taken to have lost its job. */
  graceMs: number;
  /** Documents claimed and published per round. */
  batchSize?: number;
  now: () => Date;
  logger: Logger;
  onRepublished?: (jobs: number) => void;
}

export interface LostJobSweeper {
  /** One sweep; resolves with the number of jobs published again (0 when it did nothing). */
  sweep(): Promise<number>;
}

const DEFAULT_BATCH = 500;

/**
 * Finds documents whose ingestion job no longer exists and publishes it again: a RabbitMQ
 * broker that came back without its data (no volume) has lost every job it held, and
 * those documents would otherwise stay `queued` (or `processing`, for the ones in hand
 * then) until someone retried them.
 *
 * It acts only when no job waits anywhere in the queue (ready or waiting for a retry):
 * then no job for those documents is on its way. A document counts as lost once it has
 * not been updated for the grace: an upload whose job is being published right now is
 * younger, and a worker holding a job refreshes its document's update time while it works
 * (`heartbeatMs` of the worker), so only documents nobody holds get through.
 *
 * Publishing again is safe because the worker is idempotent: it replaces a document's
 * chunks (ids `<document>#<n>`) and skips a job whose document is already ready or gone.
 * Several replicas may sweep at once: each document is claimed by exactly one of them,
 * because the claim moves its update time to now (rows another sweeper is claiming are
 * skipped). Should a duplicate job still arise (a job delivered in the same instant its
 * document was claimed), the second one finds the document ready and is skipped.
 */
export function createLostJobSweeper(deps: LostJobSweeperDependencies): LostJobSweeper {
  const batchSize = deps.batchSize ?? DEFAULT_BATCH;

  return {
    async sweep() {
      if ((await deps.queue.waitingJobs()) > 0) return 0;
      let published = 0;
      try {
        for (;;) {
          const now = deps.now();
          const lost = await deps.store.claimStale(new Date(now.getTime() - deps.graceMs), now, batchSize);
          // Confirms are awaited together: one round trip per batch rather than per job. A
          // claimed document whose publish fails is claimed again after another grace.
          const results = await Promise.allSettled(lost.map((document) => deps.queue.publish({ document_id: document.documentId, tenant_id: document.tenantId })));
          const sent = results.filter((result) => result.status === "fulfilled").length;
          published += sent;
          if (sent > 0) deps.onRepublished?.(sent);
          const failure = results.find((result) => result.status === "rejected");
          if (failure) throw failure.reason;
          if (lost.length < batchSize) break;
        }
      } finally {
        if (published > 0) deps.logger.info({ documents: published }, "ingestion jobs the queue had lost published again");
      }
      return published;
    },
  };
}

export interface SweeperSchedule {
  /** Sweeps once shortly (after a broker reconnect), besides the regular interval. */
  sweepSoon(): void;
  /** Stops scheduling and waits for a sweep under way. */
  stop(): Promise<void>;
}

/**
 * Runs the sweeper every `intervalMs`, and once `soonMs` after each `sweepSoon`. Sweeps
 * never overlap; a failed one (broker away, database trouble) is logged and the next one
 * tries again.
 */
export function scheduleLostJobSweeps(sweeper: LostJobSweeper, options: { intervalMs: number; soonMs: number; logger: Logger }): SweeperSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (stopped || running) return;
    running = sweeper
      .sweep()
      .then(
        () => undefined,
        (error: unknown) => {
          // A broker or database that is away is reported by health checks and its own logs already.
          const level = isAppError(error) && error.kind === "unavailable" ? "debug" : "warn";
          options.logger[level]({ err: error }, "lost ingestion job sweep failed; the next one tries again");
        },
      )
      .finally(() => {
        running = undefined;
      });
  };
  const interval = setInterval(run, options.intervalMs);
  interval.unref();
  const soon = new Set<NodeJS.Timeout>();
  return {
    sweepSoon() {
      if (stopped) return;
      const timer = setTimeout(() => {
        soon.delete(timer);
        run();
      }, options.soonMs);
      timer.unref();
      soon.add(timer);
    },
    async stop() {
      stopped = true;
      clearInterval(interval);
      for (const timer of soon) clearTimeout(timer);
      soon.clear();
      await running;
    },
  };
}
