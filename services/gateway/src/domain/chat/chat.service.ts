import { randomUUID } from "node:crypto";
import { AppError, isAppError, type Logger } from "@chatbot/core";
import type { llmV1, sessionV1 } from "@chatbot/grpc";
import type { MessageStream } from "../client-call.types";
import type { SessionClient } from "../sessions/session.client";
import type { LlmClient } from "./llm.client";
import { withSpan } from "@chatbot/observability";
import type { ChatRequest, ChatResult, ChatStarted, ChatUsage } from "./chat.types";
import { toSources, type Passage, type PassageRetriever } from "./passage-retriever";
import { retrievalQueryOf } from "./retrieval-query";
import { buildPrompt, buildWrittenPrompt, type PromptHistory } from "./prompt-builder";
import { fitConversation } from "./client-history";
import { estimateTokens } from "./usage-estimate";
import type { ChatMetrics } from "./chat-metrics";
import type { Release, SessionLockStore } from "./session-lock.store";
import type { StopBusStore } from "./stop-bus.store";
import { lostReply } from "./lost-reply";
import type { FinishedReply, ReplyWriter, StoreOutcome } from "./reply-writer";
import type { StreamLogStore } from "./stream-log.store";
import { SUMMARY_PROMPT_HEADING, type ConversationSummarizer } from "./conversation-summarizer";

export interface ChatServiceDeps {
  session: SessionClient;
  llm: LlmClient;
  log: StreamLogStore;
  /** Where finished replies are stored, with retries while the session service is away. */
  replies: ReplyWriter;
  retriever: PassageRetriever;
  metrics: ChatMetrics;
  locks: SessionLockStore;
  stopBus: StopBusStore;
  logger: Logger;
  systemPrompt: string;
  maxContextMessages: number;
  contextTokenBudget: number;
  /** Keeps a running summary of the turns that fall out of the context window; absent: they are just dropped. */
  summarizer?: ConversationSummarizer;
  /** Charges a reply's tokens to its request's `quotaSubject`; a failure is logged, never fails the chat. */
  onUsage?: (subject: string, tokens: number) => Promise<void>;
}

/** The abort reason of a generation stopped by shutdown, told apart from a user's stop (which gives none) by its stream's last event. */
class ShutdownStop extends Error {
  constructor() {
    super("The server is shutting down");
  }
}

/** The reserved reply of a turn that could not start: failed, with nothing said. */
function refusedReply(tenantId: string, sessionId: string, messageId: string, error: unknown): FinishedReply {
  return {
    tenantId,
    sessionId,
    messageId,
    content: "",
    status: "failed",
    model: "",
    usage: null,
    sources: [],
    errorCode: isAppError(error) ? error.code : "internal_error",
    finishReason: "",
    provider: "",
  };
}

/** A Generate call already sent, with the prompt it was sent with (for estimating a stopped reply's tokens). */
interface StartedGeneration {
  prompt: llmV1.ChatMessage[];
  events: MessageStream<llmV1.GenerateEvent>;
}

interface Running {
  controller: AbortController;
  done: Promise<unknown>;
}

export interface StartOptions {
  /**
   * The generation stops when `signal` aborts (the client went away), as a stop request
   * would stop it: for clients that cannot resume a stream (the OpenAI-compatible API).
   * Otherwise a reply outlives its request.
   */
  stopOnAbort?: boolean;
}

/** Complete calls wait as long as the proxy's own total timeout allows, and a little more. */
const COMPLETE_TIMEOUT_MS = 330_000;
/**
 * Storing the question counts its tokens and reads the context: for the longest message on a
 * busy machine that can pass the 5 s of an ordinary call, and the user is waiting for a reply
 * that takes longer anyway, so a slow store delays the turn rather than failing it.
 */
const BEGIN_TURN_TIMEOUT_MS = 15_000;

/** The request's abort stops the generation too. */
function stopWith(signal: AbortSignal | undefined, controller: AbortController): void {
  if (!signal) return;
  if (signal.aborted) controller.abort();
  else signal.addEventListener("abort", () => controller.abort(), { once: true });
}

/** Turns of a chat, each generated independently of the request that asked for it. */
export interface ChatService {
  /** Starts hearing of lost replies and of stops meant for this instance. */
  listen(): Promise<void>;
  /** Generations running on this instance. */
  readonly activeGenerations: number;
  start(request: ChatRequest, signal?: AbortSignal, options?: StartOptions): Promise<ChatStarted>;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
  stop(messageId: string, tenantId: string): Promise<void>;
  drain(deadlineMs: number): Promise<void>;
}

/**
 * Runs a generation independently of the HTTP request that asked for it: the reply is
 * written to the stream log (which clients follow, and can rejoin) and stored in the
 * session when it ends, whether it completed, failed or was stopped.
 */
export function createChatService(deps: ChatServiceDeps): ChatService {
  const running = new Map<string, Running>();
  /** Turns being set up (question stored, passages searched) that will become running generations. */
  const startingTurns = new Set<Promise<ChatStarted>>();
  /** Set when draining begins: no new generation starts. */
  let draining = false;
  /** Set at the drain deadline: a generation whose turn was already underway is stopped as it starts. */
  let cutOff = false;

  async function listen(): Promise<void> {
    // Stored through the retrying store: the session service may be as unlucky as the instance that died.
    deps.log.onLost((lost) => {
      // A stateless turn has nothing to store.
      if (!lost.owner.sessionId) return;
      deps.logger.warn({ message_id: lost.messageId }, "a reply's generating instance stopped renewing its lease; storing it interrupted");
      void deps.replies.store(lostReply(lost));
    });
    await deps.stopBus.subscribe((messageId) => running.get(messageId)?.controller.abort());
  }

  function activeGenerations(): number {
    return running.size;
  }

  async function start(request: ChatRequest, signal?: AbortSignal, options: StartOptions = {}): Promise<ChatStarted> {
    if (draining) {
      throw new AppError("unavailable", "shutting_down", "The server is shutting down; try again", { retryAfterSeconds: 1 });
    }
    const stopSignal = options.stopOnAbort ? signal : undefined;
    const starting = request.conversation ? beginStateless(request, request.conversation, signal, stopSignal) : begin(request, signal, stopSignal);
    startingTurns.add(starting);
    try {
      return await starting;
    } finally {
      startingTurns.delete(starting);
    }
  }

  async function begin(request: ChatRequest, signal: AbortSignal | undefined, stopSignal: AbortSignal | undefined): Promise<ChatStarted> {
    const { session, log } = deps;
    log.admit();
    const tenant = request.tenantId;
    const messageId = randomUUID();
    // An existing session is locked before anything is written; a new one cannot be
    // contended yet, so it is locked as soon as it has an id.
    let release = request.sessionId ? await lock(request.sessionId) : undefined;
    const controller = new AbortController();
    if (cutOff) controller.abort(new ShutdownStop());
    stopWith(stopSignal, controller);
    // Storing the question and searching for passages do not depend on each other, except
    // when a reply is regenerated: its question is the stored one, known once the turn is.
    const storing = session.beginTurn(
      {
        tenant_id: tenant,
        session_id: request.sessionId ?? "",
        content: request.message,
        assistant_message_id: messageId,
        max_messages: deps.maxContextMessages,
        token_budget: deps.contextTokenBudget,
        ...(request.parentMessageId === undefined ? {} : { parent_message_id: request.parentMessageId ?? "" }),
        regenerate_message_id: request.regenerateMessageId ?? "",
      },
      { signal, timeoutMs: BEGIN_TURN_TIMEOUT_MS },
    );
    const passagesFound = request.regenerateMessageId
      ? storing.then((stored) => findPassages({ ...request, message: stored.user_message?.content ?? "" }, signal))
      : findPassages(request, signal);
    // A new session's context is just the question, so its generation need not wait for the
    // turn to be stored: the LLM works while Postgres does. Its events are read only once
    // the turn is stored; if storing fails, the generation is cancelled.
    const early = request.sessionId
      ? undefined
      : passagesFound.then((found) =>
          startGeneration(request, promptOf(request, [{ role: "user", content: request.message }], found ?? []), found ?? [], controller.signal),
        );
    early?.catch(() => undefined);
    let turn: sessionV1.BeginTurnResponse;
    let passages: Passage[] | undefined;
    /** The session whose turn is stored, once it is: its reserved reply must then be filled in whatever happens. */
    let reservedIn: string | undefined;
    try {
      [turn, passages] = await Promise.all([storing, passagesFound]);
      reservedIn = turn.session_id;
      release ??= await lock(turn.session_id);
      await log.open(messageId, { tenantId: tenant, sessionId: turn.session_id });
      await log.append(messageId, { session_id: turn.session_id, message_id: messageId });
      if (passages) await log.append(messageId, { sources: toSources(passages) });
    } catch (error) {
      controller.abort();
      await release?.();
      // E.g. the stream log filled up between admitting the chat and opening its stream.
      if (reservedIn) void deps.replies.store(refusedReply(tenant, reservedIn, messageId, error));
      throw error;
    }

    const sessionId = turn.session_id;
    const context = turn.context;
    // Dropped messages go ahead of the window as a summary: the stored one, or one made now
    // (bounded by the summarizer's turn deadline) when none covers them yet.
    const summary = deps.summarizer ? await deps.summarizer.forTurn(tenant, turn, controller.signal) : null;
    // Draining reached its deadline while the turn was being stored.
    if (cutOff && !controller.signal.aborted) controller.abort(new ShutdownStop());
    const started = launch(
      request,
      sessionId,
      messageId,
      controller,
      passages,
      release,
      () => early ?? Promise.resolve(startGeneration(request, promptOf(request, context, passages ?? [], summary?.content), passages ?? [], controller.signal)),
    );
    // Off the reply's path: the turns the next one will drop are folded into the summary.
    void started.done.then((result) => {
      if (result.status === "complete") deps.summarizer?.refreshAfter(tenant, turn);
    });
    return started;
  }

  /**
   * A stateless turn: the client's conversation is the context, no session is touched and
   * nothing is stored, but the reply streams through the log like any other (so it can be
   * followed, resumed and stopped).
   */
  async function beginStateless(
    request: ChatRequest,
    conversation: PromptHistory,
    signal: AbortSignal | undefined,
    stopSignal: AbortSignal | undefined,
  ): Promise<ChatStarted> {
    const { log } = deps;
    log.admit();
    const messageId = randomUUID();
    const controller = new AbortController();
    if (cutOff) controller.abort(new ShutdownStop());
    stopWith(stopSignal, controller);
    const [passages, context] = await Promise.all([findPassages(request, signal), contextOf(request, conversation)]);
    // Sent before the stream is opened in the log: the LLM works meanwhile, its events wait in the call.
    const generation = startGeneration(request, promptOf(request, context, passages ?? []), passages ?? [], controller.signal);
    try {
      await log.open(messageId, { tenantId: request.tenantId, sessionId: "" });
      await log.append(messageId, { session_id: null, message_id: messageId });
      if (passages) await log.append(messageId, { sources: toSources(passages) });
    } catch (error) {
      controller.abort();
      throw error;
    }
    if (cutOff && !controller.signal.aborted) controller.abort(new ShutdownStop());
    return launch(
      request,
      null,
      messageId,
      controller,
      passages,
      async () => undefined,
      async () => generation,
    );
  }

  /** Runs a turn's generation (registered, so it can be stopped and drained) until its reply is stored. */
  function launch(
    request: ChatRequest,
    sessionId: string | null,
    messageId: string,
    controller: AbortController,
    passages: Passage[] | undefined,
    release: Release,
    generation: () => Promise<StartedGeneration>,
  ): ChatStarted {
    deps.metrics.generationStarted();
    const done = withSpan(
      "chat.generate",
      {
        attributes: {
          ...(sessionId === null ? { "chatbot.stateless": true } : { "chatbot.session_id": sessionId }),
          "chatbot.message_id": messageId,
          "chatbot.passages": passages?.length ?? 0,
        },
      },
      async (span) => {
        const result = await generate(request, sessionId, messageId, await generation(), passages, controller.signal);
        span.setAttributes(resultAttributes(result));
        return result;
      },
    ).finally(async () => {
      running.delete(messageId);
      await release();
    });
    void done.then((result) => deps.metrics.generationEnded(result.status));
    running.set(messageId, { controller, done });
    return { sessionId, messageId, done };
  }

  /**
   * A stateless turn answered whole, for clients that wait for the whole reply: one Complete
   * call, so the proxy's cache of deterministic answers applies. Nothing is logged or
   * stored; the request's abort cancels the call.
   */
  async function complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    const conversation = request.conversation;
    if (!conversation) throw new Error("complete() answers stateless turns only");
    if (draining) {
      throw new AppError("unavailable", "shutting_down", "The server is shutting down; try again", { retryAfterSeconds: 1 });
    }
    const messageId = randomUUID();
    const controller = new AbortController();
    if (cutOff) controller.abort(new ShutdownStop());
    stopWith(signal, controller);
    const done = completeNow(request, conversation, messageId, controller.signal);
    running.set(messageId, { controller, done });
    try {
      return await done;
    } finally {
      running.delete(messageId);
    }
  }

  async function completeNow(request: ChatRequest, conversation: PromptHistory, messageId: string, signal: AbortSignal): Promise<ChatResult> {
    const [passages, context] = await Promise.all([findPassages(request, signal), contextOf(request, conversation)]);
    const prompt = promptOf(request, context, passages ?? []);
    deps.metrics.generationStarted();
    let status: ChatResult["status"] = "failed";
    try {
      return await withSpan(
        "chat.complete",
        { attributes: { "chatbot.stateless": true, "chatbot.message_id": messageId, "chatbot.passages": passages?.length ?? 0 } },
        async (span) => {
          let answer: llmV1.CompleteResponse;
          try {
            answer = await deps.llm.complete(generateRequest(request, prompt, passages ?? []), {
              signal,
              timeoutMs: COMPLETE_TIMEOUT_MS,
            });
          } catch (error) {
            if (signal.aborted) {
              status = "interrupted";
              if (signal.reason instanceof ShutdownStop) {
                throw new AppError("unavailable", "shutting_down", signal.reason.message, { retryAfterSeconds: 1 });
              }
            }
            throw error;
          }
          const usage: ChatUsage | null = answer.usage
            ? { prompt_tokens: answer.usage.prompt_tokens, completion_tokens: answer.usage.completion_tokens, total_tokens: answer.usage.total_tokens }
            : null;
          await charge(request, () => usage?.total_tokens ?? (answer.content ? estimateTokens(prompt, answer.content) : 0));
          status = "complete";
          const result: ChatResult = {
            sessionId: null,
            messageId,
            status,
            content: answer.content,
            createdAt: new Date().toISOString(),
            model: answer.model,
            finishReason: answer.finish_reason,
            usage,
            sources: toSources(passages ?? []),
            searched: passages !== undefined,
            provider: answer.provider,
          };
          span.setAttributes({ ...resultAttributes(result), "chatbot.cached": answer.cached });
          return result;
        },
      );
    } finally {
      deps.metrics.generationEnded(status);
    }
  }

  /** A stateless conversation as the prompt takes it: as written, or cut as a session's context would be. */
  async function contextOf(request: ChatRequest, conversation: PromptHistory): Promise<PromptHistory> {
    if (request.asWritten) return conversation;
    return fitConversation(conversation, deps.maxContextMessages, deps.contextTokenBudget);
  }

  function promptOf(request: ChatRequest, context: PromptHistory, passages: Passage[], summary?: string): llmV1.ChatMessage[] {
    if (request.asWritten) return buildWrittenPrompt(context, passages);
    const system = request.instructions ? [deps.systemPrompt, request.instructions].filter(Boolean).join("\n\n") : deps.systemPrompt;
    return buildPrompt(system, context, passages, summary ? { heading: SUMMARY_PROMPT_HEADING, content: summary } : undefined);
  }

  /** Undefined when retrieval did not run (turned off, or nothing indexed for the tenant). */
  async function findPassages(request: ChatRequest, signal?: AbortSignal): Promise<Passage[] | undefined> {
    const { retriever } = deps;
    if (request.useRag === false || request.message.trim() === "") return undefined;
    try {
      if (request.useRag === undefined && !(await retriever.hasDocuments(request.tenantId, signal))) return undefined;
      return await retriever.retrieve(request.tenantId, retrievalQueryOf(request.message), request.k, request.filters, signal);
    } catch (error) {
      // Asked for explicitly, retrieval must work; by default a chat goes on without it.
      if (request.useRag) throw error;
      deps.logger.warn({ err: error }, "retrieval unavailable; answering without passages");
      return undefined;
    }
  }

  async function lock(sessionId: string): Promise<Release> {
    const release = await deps.locks.tryAcquire(sessionId);
    if (!release) {
      throw new AppError("conflict", "generation_in_progress", "This session is already generating a reply; wait for it or stop it");
    }
    return release;
  }

  /** Stops a generation on whichever instance runs it; unknown or foreign ids are not found. */
  async function stop(messageId: string, tenantId: string): Promise<void> {
    const owner = await deps.log.owner(messageId);
    if (!owner || owner.tenantId !== tenantId) throw new AppError("not_found", "stream_not_found", "Stream not found");
    const local = running.get(messageId);
    if (local) local.controller.abort();
    else await deps.stopBus.publish(messageId);
  }

  /**
   * Waits for running generations up to `deadlineMs`, then stops the rest: they are stored
   * as interrupted and their streams end with a `shutting_down` error event.
   */
  async function drain(deadlineMs: number): Promise<void> {
    draining = true;
    // Background summaries are abandoned: the next start refreshes them.
    deps.summarizer?.close();
    const timer = new Promise((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([settled(), timer]);
    cutOff = true;
    for (const generation of running.values()) generation.controller.abort(new ShutdownStop());
    await settled();
  }

  /** Resolves when no generation runs, counting those whose turn was underway when draining began. */
  async function settled(): Promise<void> {
    while (running.size > 0 || startingTurns.size > 0) {
      await Promise.allSettled([...startingTurns, ...[...running.values()].map((generation) => generation.done)]);
    }
  }

  async function charge(request: ChatRequest, tokens: () => number | Promise<number>): Promise<void> {
    const { onUsage } = deps;
    if (!onUsage || request.quotaSubject === undefined) return;
    try {
      const total = await tokens();
      if (total > 0) await onUsage(request.quotaSubject, total);
    } catch (error) {
      deps.logger.warn({ err: error }, "could not charge a reply's tokens to its quota");
    }
  }

  /** Sends the Generate call now; its events wait in the call until `generate` reads them. */
  function startGeneration(request: ChatRequest, prompt: llmV1.ChatMessage[], passages: Passage[], signal: AbortSignal): StartedGeneration {
    const events = deps.llm.generate(generateRequest(request, prompt, passages), { signal });
    return { prompt, events };
  }

  function generateRequest(request: ChatRequest, prompt: llmV1.ChatMessage[], passages: Passage[]): llmV1.GenerateRequest {
    return {
      messages: prompt,
      context: passages.map((passage) => ({
        number: passage.number,
        document_id: passage.documentId,
        title: passage.title,
        page: passage.page,
        chunk_index: passage.chunkIndex,
        text: passage.text,
      })),
      max_new_tokens: request.maxNewTokens,
      temperature: request.temperature,
      do_sample: request.doSample,
      ...(request.topP === undefined ? {} : { top_p: request.topP }),
      stop: request.stop,
      request_id: request.requestId,
      caller_id: request.tenantId,
    };
  }

  async function generate(
    request: ChatRequest,
    sessionId: string | null,
    messageId: string,
    generation: StartedGeneration,
    found: Passage[] | undefined,
    signal: AbortSignal,
  ): Promise<ChatResult> {
    const passages = found ?? [];
    const { log } = deps;
    const tenant = request.tenantId;
    let content = "";
    let final: llmV1.GenerateFinal | undefined;
    let failure: AppError | undefined;
    const { prompt } = generation;
    try {
      await generation.events.read((event) => {
        if (event.delta && event.delta.text) {
          content += event.delta.text;
          log.appendNow(messageId, { chunk: event.delta.text });
        } else if (event.final) {
          final = event.final;
        }
      });
      if (!final) throw new AppError("bad_gateway", "upstream_protocol_error", "The LLM stream ended without a final event");
    } catch (error) {
      failure = isAppError(error) ? error : new AppError("internal", "internal_error", "Generation failed", { cause: error });
      if (failure.kind === "internal") deps.logger.error({ err: error, message_id: messageId }, "generation failed");
    }

    const stopped = signal.aborted;
    const status: ChatResult["status"] = stopped ? "interrupted" : failure ? "failed" : "complete";
    const usage: ChatUsage | null = final?.usage
      ? {
          prompt_tokens: final.usage.prompt_tokens,
          completion_tokens: final.usage.completion_tokens,
          total_tokens: final.usage.total_tokens,
        }
      : null;
    const finishReason = stopped ? "interrupted" : (final?.finish_reason ?? "");
    const model = final?.model ?? "";
    const sources = toSources(passages);
    // Charged before the client hears the reply ended, so its next chat already sees the tokens.
    // A reply that ended without the provider's usage but said something is estimated.
    const charged = charge(request, () => usage?.total_tokens ?? (content ? estimateTokens(prompt, content) : 0));

    // A reply the session service cannot take now is retried in the background: the client
    // heard it whole, so its stream still ends as the reply did.
    // A stateless turn has nowhere to be stored.
    const storing: StoreOutcome =
      sessionId === null
        ? { stored: true, createdAt: new Date().toISOString() }
        : await deps.replies.store({
            tenantId: tenant,
            sessionId,
            messageId,
            content,
            status,
            model,
            usage,
            sources,
            errorCode: status === "failed" ? failure!.code : "",
            finishReason: stopped ? "" : (final?.finish_reason ?? ""),
            provider: final?.provider ?? "",
          });
    const createdAt = storing.stored ? storing.createdAt : new Date().toISOString();
    if (!storing.stored && !storing.retrying) {
      const error = storing.error;
      failure ??= isAppError(error) ? error : new AppError("unavailable", "storage_unavailable", "The reply could not be stored");
    }
    await charged;

    if (stopped && signal.reason instanceof ShutdownStop) {
      await log.append(messageId, { error: { code: "shutting_down", message: signal.reason.message } }, true);
    } else if (failure && !stopped) {
      await log.append(messageId, { error: { code: failure.code, message: failure.message } }, true);
    } else {
      await log.append(messageId, { done: true, message_id: messageId, finish_reason: finishReason, usage, model }, true);
    }
    return {
      sessionId,
      messageId,
      status,
      content,
      createdAt,
      model,
      finishReason,
      usage,
      sources,
      searched: found !== undefined,
      provider: final?.provider ?? "",
      ...(failure && !stopped ? { error: failure } : {}),
    };
  }

  return {
    listen,
    get activeGenerations() {
      return activeGenerations();
    },
    start,
    complete,
    stop,
    drain,
  };
}

function resultAttributes(result: ChatResult) {
  return {
    "chatbot.status": result.status,
    "gen_ai.response.model": result.model,
    "gen_ai.response.finish_reasons": [result.finishReason],
    "gen_ai.usage.input_tokens": result.usage?.prompt_tokens ?? 0,
    "gen_ai.usage.output_tokens": result.usage?.completion_tokens ?? 0,
    ...(result.provider ? { "chatbot.provider": result.provider } : {}),
    ...(result.error ? { "chatbot.error_code": result.error.code } : {}),
  };
}
