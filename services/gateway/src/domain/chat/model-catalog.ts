import { isAppError, type Logger } from "@chatbot/core";
import type { RetrievalClient } from "../search/retrieval.client";
import type { LlmClient } from "./llm.client";
import { modelNotFound } from "./model-errors";

export interface CatalogModel {
  id: string;
  /** The provider behind it (`openai`, `anthropic`, `llm-server`, `local`), as OpenAI's `owned_by`. */
  ownedBy: string;
  kind: "chat" | "embedding";
  /** Embedding models: the size of their vectors. */
  dimensions?: number;
}

/** How long the models the backends named are trusted: their configuration changes only with a restart. */
const CATALOG_TTL_MS = 30_000;

/** One answer shared by concurrent callers and kept for a while; a failure is not kept. */
class Cached<T> {
  private value: { promise: Promise<T>; until: number } | undefined;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    if (this.value && this.value.until > Date.now()) return this.value.promise;
    const promise = this.load();
    const entry = { promise, until: Date.now() + CATALOG_TTL_MS };
    this.value = entry;
    promise.catch(() => {
      if (this.value === entry) this.value = undefined;
    });
    return promise;
  }
}

export interface ModelCatalog {
  /** OpenAI's `created` for every model: when this gateway began serving them. */
  readonly created: number;
  chatModels(): Promise<CatalogModel[]>;
  /** Null when retrieval has no embedding model (EMBEDDING_PROVIDER=none). */
  embeddingModel(): Promise<CatalogModel | null>;
  /** Every model; an embedding model retrieval cannot tell of now is left out rather than failing the list. */
  all(): Promise<CatalogModel[]>;
  /** A chat model by id; 404 `model_not_found` (param `model`) for any other. */
  chatModel(id: string): Promise<CatalogModel>;
}

/**
 * The models the OpenAI-compatible API offers: the llm-proxy's provider chain (ListModels:
 * each provider's configured model, the default first) and retrieval's embedding model,
 * when one is configured (Embed with no input names it).
 */
export function createModelCatalog(llm: LlmClient, retrieval: RetrievalClient, logger: Logger): ModelCatalog {
  const chat = new Cached(async () => {
    const listed = await llm.listModels({ timeoutMs: 2000 });
    const models: CatalogModel[] = [];
    for (const model of listed.models) {
      if (model.id && !models.some((known) => known.id === model.id)) models.push({ id: model.id, ownedBy: model.provider, kind: "chat" });
    }
    return models;
  });
  const embedding = new Cached(async (): Promise<CatalogModel | null> => {
    try {
      // The model is the service's, not a tenant's: the tenant only satisfies the call's contract.
      const described = await retrieval.embed({ tenant_id: "catalog", input: [] }, { timeoutMs: 2000 });
      return { id: described.model, ownedBy: "openai", kind: "embedding", dimensions: described.dimensions };
    } catch (error) {
      if (isAppError(error) && error.code === "embedding_model_not_configured") return null;
      throw error;
    }
  });
  const chatModels = () => chat.get();
  const embeddingModel = () => embedding.get();
  return {
    created: Math.floor(Date.now() / 1000),
    chatModels,
    embeddingModel,
    async all() {
      const [chatListed, embeddingFound] = await Promise.all([
        chatModels(),
        embeddingModel().catch((error: unknown) => {
          logger.warn({ err: error }, "retrieval did not name its embedding model; listing chat models only");
          return null;
        }),
      ]);
      return embeddingFound ? [...chatListed, embeddingFound] : chatListed;
    },
    async chatModel(id) {
      const found = (await chatModels()).find((model) => model.id === id);
      if (!found) throw modelNotFound(id, "; GET /v1/models lists the models served here");
      return found;
    },
  };
}
