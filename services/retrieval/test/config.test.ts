import { ConfigError } from "@chatbot/core";
import { loadRetrievalConfig } from "../src";
import { createEmbeddingClient } from "../src/clients/embedding-client.factory";

function failure(env: Record<string, string>): string {
  try {
    loadRetrievalConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("configuration was accepted");
}

describe("retrieval configuration", () => {
  it("defaults to the embedded store and keyword search without an embedding model", () => {
    const config = loadRetrievalConfig({});
    expect(config).toMatchObject({ GRPC_PORT: 50052, EMBEDDING_PROVIDER: "none", COLLECTION_NAME: "chatbot_chunks" });
    expect(createEmbeddingClient(config)).toBeUndefined();
  });

  it("names the variable an openai embedding is missing", () => {
    expect(failure({ EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: "k" })).toMatch(/^Invalid configuration: EMBEDDING_BASE_URL: is required/);
    expect(failure({ EMBEDDING_PROVIDER: "openai", EMBEDDING_BASE_URL: "http://127.0.0.1:11434/v1" })).toMatch(/^Invalid configuration: EMBEDDING_API_KEY: is required/);
    expect(failure({ EMBEDDING_PROVIDER: "openai", EMBEDDING_BASE_URL: "http://127.0.0.1:11434/v1", EMBEDDING_API_KEY: "k", EMBEDDING_MODEL: "bge-m3" })).toMatch(
      /^Invalid configuration: EMBEDDING_DIMENSIONS: is required for embedding model "bge-m3"/,
    );
  });

  it("rejects unknown providers and out-of-range values by name", () => {
    expect(failure({ EMBEDDING_PROVIDER: "한글모델" })).toMatch(/^Invalid configuration: EMBEDDING_PROVIDER: must be none or openai/);
    expect(failure({ EMBEDDING_DIMENSIONS: "2" })).toMatch(/^Invalid configuration: EMBEDDING_DIMENSIONS:/);
    expect(failure({ EMBEDDING_BASE_URL: "ftp://x" })).toMatch(/^Invalid configuration: EMBEDDING_BASE_URL:/);
  });

  it("accepts a complete openai setup, with the key from OPENAI_API_KEY and the size from the model", () => {
    const config = loadRetrievalConfig({ EMBEDDING_PROVIDER: "openai", EMBEDDING_BASE_URL: "https://api.openai.com/v1", OPENAI_API_KEY: "sk-x" });
    expect(createEmbeddingClient(config)).toMatchObject({ model: "text-embedding-3-small", dimensions: 1536 });
  });
});
