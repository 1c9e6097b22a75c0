export * from "./bounded-redis";
export { createMemoryWindowedCounter, type MemoryWindowedCounterOptions } from "./memory-windowed-counter";
export { createRedisWindowedCounter, type RedisWindowedCounterOptions } from "./redis-windowed-counter";
