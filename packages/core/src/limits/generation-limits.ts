/**
 * Generation parameters the public APIs (/api and /v1) accept and llm-proxy checks again:
 * one value for every side, so a request the gateway accepts is never refused further in.
 */
/** Tokens one reply may ask for. */
export const MAX_NEW_TOKENS = 32_768;
/** What a request without `max_new_tokens` gets (the gateway's DEFAULT_MAX_TOKENS overrides it for the public APIs). */
export const DEFAULT_MAX_NEW_TOKENS = 256;
export const TEMPERATURE_MIN = 0;
export const TEMPERATURE_MAX = 2;
/** What a request without `temperature` gets (the gateway's DEFAULT_TEMPERATURE overrides it for the public APIs). */
export const DEFAULT_TEMPERATURE = 0.7;
/** The fewest any supported provider accepts (OpenAI's). */
export const MAX_STOP_SEQUENCES = 4;
export const STOP_SEQUENCE_MAX_CHARACTERS = 64;
