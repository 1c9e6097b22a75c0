export * from "./token-counts";
