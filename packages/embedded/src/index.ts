export { embeddedInternalEnv, startEmbedded, type EmbeddedSystem } from "./start-embedded";
