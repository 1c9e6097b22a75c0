export * from "./bounded-redis";
