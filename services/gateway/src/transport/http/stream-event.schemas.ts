import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { ChatStreamEvent as ChatStreamEventType } from "../../domain/chat/chat-stream.events";
import type { DocumentStreamEvent as DocumentStreamEventType } from "../../domain/documents/document-stream.events";
import { DocumentResponse } from "./document.schemas";
import { z } from "./openapi-zod";
import { Source, TokenUsage } from "./session.schemas";

/** The `data:` line of each Server-Sent Event of a chat stream (and of a resumed one). */
export const ChatStreamEvent = z
  .union([
    z.object({ session_id: z.string().nullable(), message_id: z.string() }).openapi("ChatStartedEvent", {
      description: "First: the reply's message, and its session (null when the request gave `history`)",
    }),
    z.object({ sources: z.array(Source) }).openapi("ChatSourcesEvent", { description: "The passages the reply may cite, when retrieval ran" }),
    z.object({ chunk: z.string() }).openapi("ChatChunkEvent", { description: "One delta of the reply's text" }),
    z
      .object({
        done: z.literal(true),
        message_id: z.string(),
        finish_reason: z.string().openapi({ description: '"stop", "length", or "interrupted" when stopped' }),
        usage: TokenUsage.nullable(),
        model: z.string(),
      })
      .openapi("ChatDoneEvent", { description: "Last, when the reply ended" }),
    z
      .object({ error: z.object({ code: z.string(), message: z.string() }) })
      .openapi("ChatErrorEvent", { description: "Last, when the reply failed or its server went away (`generation_lost`)" }),
  ])
  .openapi("ChatStreamEvent", { description: "One chat stream event, told apart by the key it carries" });

/** The `data:` line of each Server-Sent Event of a document's ingestion progress. */
export const DocumentStreamEvent = z
  .union([
    z.object({
      type: z.enum(["document.queued", "document.processing", "document.ready", "document.failed"]),
      document: DocumentResponse,
    }),
    z.object({
      type: z.literal("document.progress"),
      document: DocumentResponse,
      chunks_done: z.number().int(),
      chunks_total: z.number().int(),
    }),
  ])
  .openapi("DocumentStreamEvent", { description: "One document progress event; `document.ready` and `document.failed` end the stream" });

/** The stream events are not a route's body: registered so the OpenAPI document (and clients generated from it) types them. */
export function registerStreamEventSchemas(registry: OpenAPIRegistry): void {
  registry.register("ChatStreamEvent", ChatStreamEvent);
  registry.register("DocumentStreamEvent", DocumentStreamEvent);
}

// The documented events are the domain's: each must fit the other, or this file does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ChatStreamEventDocumented = Assert<Same<z.infer<typeof ChatStreamEvent>, ChatStreamEventType>>;
export type DocumentStreamEventDocumented = Assert<Same<z.infer<typeof DocumentStreamEvent>, DocumentStreamEventType<z.infer<typeof DocumentResponse>>>>;
