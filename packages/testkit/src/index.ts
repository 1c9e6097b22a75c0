export * from "./stores";
export * from "./wait-for";
export * from "./silent-logger";
export * from "./llm-upstream";
export * from "./free-port";
export * from "./tracing";
export * from "./korean-pdf";
export * from "./disposable-servers";
