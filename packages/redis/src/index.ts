export * from "./bounded-redis";
export { clockWindowAt, type WindowCount, type WindowedCounter, type WindowStart } from "./windowed-counter";
export { createMemoryWindowedCounter, type MemoryWindowedCounterOptions } from "./memory-windowed-counter";
export { createRedisWindowedCounter, type RedisWindowedCounterOptions } from "./redis-windowed-counter";
