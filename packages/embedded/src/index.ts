export { embeddedInternalEnv, startEmbedded, type EmbeddedLayout, type EmbeddedOptions, type EmbeddedSystem } from "./start-embedded";
export { splitSharedStore, SHARED_STORE_DIR, MIGRATED_STORE_DIR, STORE_OWNERS } from "./store-layout";
