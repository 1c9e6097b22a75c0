import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { compiledDir } from "@chatbot/core";
import type { ProtoGrpcType as DiagnosticsProto } from "./generated/diagnostics";
import type { ProtoGrpcType as SessionProto } from "./generated/session";
import type { ProtoGrpcType as ApiKeysProto } from "./generated/api_keys";
import type { ProtoGrpcType as RetrievalProto } from "./generated/retrieval";
import type { ProtoGrpcType as LlmProto } from "./generated/llm";
import type { ProtoGrpcType as IngestProto } from "./generated/ingest";

/** The repository's proto/ folder; in a compiled service the copy the build puts beside it (dist/proto). */
export const PROTO_ROOT = compiledDir ? join(compiledDir, "proto") : join(__dirname, "../../../proto");

/** Must match the flags the type generator runs with, or runtime objects drift from the types. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

const cache = new Map<string, unknown>();

function load<T>(file: string): T {
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = grpc.loadPackageDefinition(protoLoader.loadSync(file, PROTO_LOADER_OPTIONS));
    cache.set(file, loaded);
  }
  return loaded as T;
}

export const protos = {
  diagnostics: () => load<DiagnosticsProto>("chatbot/common/v1/diagnostics.proto").chatbot.common.v1,
  session: () => load<SessionProto>("chatbot/session/v1/session.proto").chatbot.session.v1,
  apiKeys: () => load<ApiKeysProto>("chatbot/session/v1/api_keys.proto").chatbot.session.v1,
  retrieval: () => load<RetrievalProto>("chatbot/retrieval/v1/retrieval.proto").chatbot.retrieval.v1,
  llm: () => load<LlmProto>("chatbot/llm/v1/llm.proto").chatbot.llm.v1,
  ingest: () => load<IngestProto>("chatbot/ingest/v1/ingest.proto").chatbot.ingest.v1,
};
