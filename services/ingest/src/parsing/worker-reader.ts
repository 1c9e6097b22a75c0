import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { AppError } from "@chatbot/core";
import { documentFailure } from "../domain/document-failure";
import type { DocumentChunks } from "../domain/document-chunks";
import type { MediaType } from "../domain/document.types";
import type { ReadOptions } from "./read-document";
import type { ReadReply, ReadRequest } from "./read-messages";

export interface WorkerReaderOptions extends ReadOptions {
  /** A document still being read after this long has its thread terminated and fails with parse_timeout. */
  timeoutMs: number;
}

export interface WorkerReader {
  read: (content: Buffer, mediaType: MediaType, signal?: AbortSignal) => Promise<DocumentChunks>;
  /** Starts a thread and waits until it has loaded: a service is ready once it can read documents. */
  warm(): Promise<void>;
  /** Terminates every thread; reads in progress reject. */
  close(): Promise<void>;
}

const ENTRY = join(__dirname, "read-worker.cjs");

/**
 * Parses and chunks every document, whatever its type, in a worker thread. Parsers and
 * the chunker run synchronously for long stretches (pdf.js inflating and interpreting a
 * stream, the HTML converter, chunking millions of characters): on the service's thread
 * a hostile document stalls every call and the broker's heartbeat.
 * In a thread of its own a parse can also be stopped for certain, by terminating the
 * thread, which no in-thread timeout can do.
 *
 * Threads are kept between documents: loading pdf.js takes seconds, so a thread that
 * answered is kept idle for the next document (one per job in hand at most, since the
 * queue's prefetch bounds concurrent parses); a thread past its deadline, handed back or
 * broken is terminated and a replacement started at once, so the next document seldom
 * waits for start-up. The deadline starts once a thread has loaded, so it measures the
 * document, not the start-up.
 */
export function createWorkerReader(options: WorkerReaderOptions): WorkerReader {
  const idle: Worker[] = [];
  const live = new Set<Worker>();
  let closed = false;

  const keep = (worker: Worker) => {
    // Idle threads do not keep the process alive.
    worker.unref();
    idle.push(worker);
  };
  /** A thread being started ahead of need; once loaded it joins the idle ones. */
  let spare: Promise<Worker | undefined> | undefined;
  let spareError: unknown;
  const replace = () => {
    if (closed || spare) return;
    const starting: Promise<Worker | undefined> = startWorker(undefined).then(
      (worker) => {
        spare = undefined;
        if (closed) void worker.terminate();
        else keep(worker);
        return worker;
      },
      (error: unknown) => {
        spare = undefined;
        spareError = error;
        return undefined;
      },
    );
    spare = starting;
  };

  /** An idle thread, else the spare once it has loaded, else a new one. */
  async function take(signal: AbortSignal | undefined): Promise<Worker> {
    if (idle.length === 0 && spare) await untilAborted(spare, signal);
    return idle.pop() ?? startWorker(signal);
  }

  function startWorker(signal: AbortSignal | undefined): Promise<Worker> {
    const worker = new Worker(ENTRY);
    live.add(worker);
    worker.once("exit", () => {
      live.delete(worker);
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1);
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
    worker.ref();
    // A copy, transferred: the caller's buffer may be a view into a shared pool.
    const request: ReadRequest = { content: new Uint8Array(content), mediaType, options: { limits: options.limits, chunking: options.chunking } };
    return new Promise<DocumentChunks>((resolve, reject) => {
      const finish = (keepWorker: boolean, outcome: () => void) => {
        clearTimeout(deadline);
        worker.off("message", onReply).off("error", onError).off("exit", onExit);
        signal?.removeEventListener("abort", onAbort);
        if (keepWorker) {
          keep(worker);
        } else {
          void worker.terminate();
          replace();
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
      if (idle.length > 0) return;
      replace();
      if (spare && !(await spare)) throw spareError;
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
