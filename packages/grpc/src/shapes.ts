// Domain shapes derived from the generated proto types, so each is declared once (in the
// .proto file): the same fields, named in camelCase as TypeScript code names them.
import type { Chunk__Output } from "./generated/chatbot/retrieval/v1/Chunk";
import type { ContextPassage__Output } from "./generated/chatbot/llm/v1/ContextPassage";
import type { SearchResult__Output } from "./generated/chatbot/retrieval/v1/SearchResult";
import type { Source__Output } from "./generated/chatbot/session/v1/Source";

/** `chunk_index` → `chunkIndex`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A message's fields under camelCase names, with the same value types. */
export type Camelized<T> = { [K in keyof T as K extends string ? CamelCase<K> : K]: T[K] };

/** A chunk of a document as retrieval takes it (retrieval.v1.Chunk): metadata as JSON text, "" meaning {}. */
export type ChunkFields = Camelized<Chunk__Output>;

/** A search hit (retrieval.v1.SearchResult): a chunk's fields and its score. */
export type SearchResultFields = Camelized<SearchResult__Output>;

/** A retrieved passage the answer may cite as [number] (llm.v1.ContextPassage). */
export type PassageFields = Camelized<ContextPassage__Output>;

/** A passage as a stored assistant message cites it (session.v1.Source). */
export type SourceFields = Camelized<Source__Output>;
