import { pbkdf2Sync } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";

/** The fixed piece of CPU work: about 20 ms on a quiet core of the two-core machines the suite is sized for. */
const WORK_ITERATIONS = 100_000;
const QUIET_WORK_MS = 20;
/** Beyond this the machine is not busy but broken; a test should fail rather than wait forever. */
const MAX_PACE = 6;

let measured: number | undefined;

function timeWork(): number {
  const started = process.hrtime.bigint();
  pbkdf2Sync("pace", "salt", WORK_ITERATIONS, 32, "sha256");
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * How much slower than a quiet machine this one runs right now, at least 1 (a faster machine
 * keeps the written deadlines): the median of three timings of a fixed CPU task against its
 * quiet time, or the last minute's load per core where that is higher (a 60 ms sample can
 * fall in a lull of a machine that is busy for minutes). Measured once per test file, so
 * files that start while another suite loads the machine get longer deadlines than files
 * that start on a quiet one.
 */
export function machinePace(): number {
  if (measured === undefined) {
    const timings = [timeWork(), timeWork(), timeWork()].sort((a, b) => a - b);
    const loadPerCore = loadavg()[0]! / availableParallelism();
    measured = Math.min(MAX_PACE, Math.max(1, timings[1]! / QUIET_WORK_MS, loadPerCore));
  }
  return measured;
}

/** A deadline written for a quiet machine, stretched by how busy this one is. */
export function scaledTimeout(quietMs: number): number {
  return Math.round(quietMs * machinePace());
}
