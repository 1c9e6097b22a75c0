import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { AppError, compiledDir } from "@chatbot/core";
import { documentFailure } from "../domain/document-failure";
import type { DocumentChunks } from "../domain/document-chunks";
import type { MediaType } from "../domain/document.types";
import type { ReadOptions } from "./read-document";
import type { ReadReply, ReadRequest } from "./read-messages";

export interface WorkerReaderOptions extends ReadOptions {
  /** A document still being read after this long has its thread terminated and fails with parse_timeout. */
  timeoutMs: number;
  /**
   * Documents read at once at most (the job queue's prefetch): this many threads are kept
   * loaded, so that none of them waits for a thread to start. Default 1.
   */
  threads?: number;
}

export interface WorkerReader {
  read: (content: Buffer, mediaType: MediaType, signal?: AbortSignal) => Promise<DocumentChunks>;
  /** Starts the threads and waits until they have loaded: a service is ready once it can read documents. */
  warm(): Promise<void>;
  /** Terminates every thread; reads in progress reject. */
  close(): Promise<void>;
}

/**
 * The thread's entry: read-worker.cjs, which loads the TypeScript read task through tsx; in a
 * compiled service the read task compiled on its own, dist/read-worker.js, beside dist/main.js.
 */
const ENTRY = compiledDir ? join(compiledDir, "read-worker.js") : join(__dirname, "read-worker.cjs");

/**
 * Parses and chunks every document, whatever its type, in a worker thread. Parsers and
 * the chunker run synchronously for long stretches (pdf.js inflating and interpreting a
 * stream, the HTML converter, chunking millions of characters): on the service's thread
 * a hostile document stalls every call and the broker's heartbeat.
 * In a thread of its own a parse can also be stopped for certain, by terminating the
 * thread, which no in-thread timeout can do.
 *
 * Threads are kept between documents, one per document read at once (`threads`): loading
 * pdf.js takes seconds, several on a busy machine, and a job that waited that long for a
 * thread would hold its siblings' work up too. A thread past its deadline, handed back or
 * broken is terminated and a replacement started at once, so the next document seldom
 * waits for start-up. The deadline starts once a thread has loaded, so it measures the
 * document, not the start-up.
 */
export function createWorkerReader(options: WorkerReaderOptions): WorkerReader {
  const threads = Math.max(1, options.threads ?? 1);
  const idle: Worker[] = [];
  const live = new Set<Worker>();
  /** Threads reading a document right now. */
  let busy = 0;
  /** Threads being started ahead of need; once loaded they join the idle ones. */
  const starting = new Set<Promise<Worker | undefined>>();
  let startError: unknown;
  let closed = false;

  const keep = (worker: Worker) => {
    // Idle threads do not keep the process alive.
    worker.unref();
    idle.push(worker);
  };
  /** Starts threads ahead of need until there are `threads`, idle, busy or starting. */
  const fill = () => {
    while (!closed && idle.length + busy + starting.size < threads) {
      const start: Promise<Worker | undefined> = startWorker(undefined).then(
        (worker) => {
          starting.delete(start);
          if (closed) void worker.terminate();
          else keep(worker);
          return worker;
        },
        (error: unknown) => {
          starting.delete(start);
          startError = error;
          return undefined;
        },
      );
      starting.add(start);
    }
  };

  /**
   * An idle thread, else the next of those starting once it has loaded (rather than one
   * more loading beside them), else a new one.
   */
  async function take(signal: AbortSignal | undefined): Promise<Worker> {
    while (idle.length === 0 && starting.size > 0) await untilAborted(Promise.race(starting), signal);
    return idle.pop() ?? startWorker(signal);
  }

  function startWorker(signal: AbortSignal | undefined): Promise<Worker> {
    const worker = new Worker(ENTRY);
    live.add(worker);
    worker.once("exit", () => {
      live.delete(worker);
      if (!idle.includes(worker)) return;
      // An idle thread that died is replaced before a document needs it.
      idle.splice(idle.indexOf(worker), 1);
      fill();
    });
    return new Promise<Worker>((resolve, reject) => {
      const done = (outcome: () => void) => {
        worker.off("message", onLoaded).off("error", onError).off("exit", onExit);
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      const onLoaded = () => done(() => resolve(worker));
      const onError = (error: Error) => done(() => reject(new Error(`A reader thread failed to start: ${error.message}`, { cause: error })));
      const onExit = (code: number) => done(() => reject(new Error(`A reader thread exited with code ${code} while starting`)));
      const onAbort = () =>
        done(() => {
          void worker.terminate();
          reject(signal!.reason);
        });
      worker.once("message", onLoaded).once("error", onError).once("exit", onExit);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  async function read(content: Buffer, mediaType: MediaType, signal?: AbortSignal): Promise<DocumentChunks> {
    signal?.throwIfAborted();
    const worker = await take(signal);
    busy += 1;
    worker.ref();
    // A copy, transferred: the caller's buffer may be a view into a shared pool.
    const request: ReadRequest = { content: new Uint8Array(content), mediaType, options: { limits: options.limits, chunking: options.chunking } };
    return new Promise<DocumentChunks>((resolve, reject) => {
      const finish = (keepWorker: boolean, outcome: () => void) => {
        clearTimeout(deadline);
        worker.off("message", onReply).off("error", onError).off("exit", onExit);
        signal?.removeEventListener("abort", onAbort);
        busy -= 1;
        // One started on demand beyond `threads` (jobs of a lost channel still unwinding) is not kept.
        if (keepWorker && idle.length + busy + starting.size < threads) {
          keep(worker);
        } else {
          void worker.terminate();
          fill();
        }
        outcome();
      };
      const onReply = (reply: ReadReply) => finish(true, () => ("read" in reply ? resolve(reply.read) : reject(replyError(reply))));
      const onError = (error: Error) => finish(false, () => reject(new Error(`The reader thread failed: ${error.message}`, { cause: error })));
      const onExit = (code: number) => finish(false, () => reject(new Error(`The reader thread exited with code ${code} without an answer`)));
      const onAbort = () => finish(false, () => reject(signal!.reason));
      const deadline = setTimeout(
        () => finish(false, () => reject(documentFailure("parse_timeout", `Reading the document took longer than ${options.timeoutMs / 1000} s`))),
        options.timeoutMs,
      );
      worker.on("message", onReply).once("error", onError).once("exit", onExit);
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.postMessage(request, [request.content.buffer as ArrayBuffer]);
    });
  }

  return {
    read,
    async warm() {
      fill();
      const started = await Promise.all(starting);
      if (started.includes(undefined)) throw startError;
    },
    async close() {
      closed = true;
      idle.length = 0;
      await Promise.all([...live].map((worker) => worker.terminate()));
    },
  };
}

/** The promise's outcome, or the signal's reason if it aborts first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function replyError(reply: ReadReply): Error {
  if ("failure" in reply) return new AppError(reply.failure.kind, reply.failure.code, reply.failure.message);
  if ("crash" in reply) return new Error(`Parsing failed unexpectedly: ${reply.crash}`);
  return new Error("The reader thread answered out of turn");
}
