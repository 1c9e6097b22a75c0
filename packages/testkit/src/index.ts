export * from "./stores";
export * from "./wait-for";
export * from "./silent-logger";
