import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { AppError } from "@chatbot/core";
import { documentFailure } from "../domain/document-failure";
import type { MediaType } from "../domain/document.types";
import type { ParsedDocument } from "../domain/parsed-document";
import type { ParseLimits } from "./parse-document";
import type { ParseReply, ParseRequest } from "./parse-messages";

export interface WorkerParserOptions {
  limits: ParseLimits;
  /** A document still being read after this long has its worker terminated and fails with parse_timeout. */
  timeoutMs: number;
}

export type DocumentParser = (content: Buffer, mediaType: MediaType, signal?: AbortSignal) => Promise<ParsedDocument>;

export interface WorkerParser {
  parse: DocumentParser;
  /** Terminates every worker thread; parses in progress reject. */
  close(): Promise<void>;
}

const ENTRY = join(__dirname, "parse-worker.cjs");

/**
 * Parses every document, whatever its type, in a worker thread. Parsers run synchronously
 * for long stretches (pdf.js inflating and interpreting a stream, the HTML converter): on
 * the service's thread a hostile document stalls every call and the broker's heartbeat.
 * In a thread of its own a parse can also be stopped for certain, by terminating the
 * thread, which no in-thread timeout can do.
 *
 * Threads are kept between documents: loading pdf.js takes seconds, so a thread that
 * answered is kept idle for the next document (one per job in hand at most, since the
 * queue's prefetch bounds concurrent parses); a thread past its deadline, handed back or
 * broken is terminated and a replacement started at once, so the next document does not
 * wait for start-up. The deadline starts once a thread has loaded, so it measures the
 * document, not the start-up.
 */
export function createWorkerParser(options: WorkerParserOptions): WorkerParser {
  const idle: Worker[] = [];
  const live = new Set<Worker>();
  let closed = false;

  const keep = (worker: Worker) => {
    // Idle threads do not keep the process alive.
    worker.unref();
    idle.push(worker);
  };
  const replace = () => {
    if (closed) return;
    startWorker(undefined).then(
      (worker) => (closed ? void worker.terminate() : keep(worker)),
      () => undefined,
    );
  };

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
      const onError = (error: Error) => done(() => reject(new Error(`A parse worker failed to start: ${error.message}`, { cause: error })));
      const onExit = (code: number) => done(() => reject(new Error(`A parse worker exited with code ${code} while starting`)));
      const onAbort = () =>
        done(() => {
          void worker.terminate();
          reject(signal!.reason);
        });
      worker.once("message", onLoaded).once("error", onError).once("exit", onExit);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  async function parse(content: Buffer, mediaType: MediaType, signal?: AbortSignal): Promise<ParsedDocument> {
    signal?.throwIfAborted();
    const worker = idle.pop() ?? (await startWorker(signal));
    worker.ref();
    // A copy, transferred: the caller's buffer may be a view into a shared pool.
    const request: ParseRequest = { content: new Uint8Array(content), mediaType, limits: options.limits };
    return new Promise<ParsedDocument>((resolve, reject) => {
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
      const onReply = (reply: ParseReply) =>
        finish(true, () => ("parsed" in reply ? resolve(reply.parsed) : reject(replyError(reply))));
      const onError = (error: Error) => finish(false, () => reject(new Error(`The parse worker failed: ${error.message}`, { cause: error })));
      const onExit = (code: number) => finish(false, () => reject(new Error(`The parse worker exited with code ${code} without an answer`)));
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
    parse,
    async close() {
      closed = true;
      idle.length = 0;
      await Promise.all([...live].map((worker) => worker.terminate()));
    },
  };
}

function replyError(reply: ParseReply): Error {
  if ("failure" in reply) return new AppError(reply.failure.kind, reply.failure.code, reply.failure.message);
  if ("crash" in reply) return new Error(`Parsing failed unexpectedly: ${reply.crash}`);
  return new Error("The parse worker answered out of turn");
}
