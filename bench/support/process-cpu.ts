import { readFileSync, readdirSync } from "node:fs";

/** Kernel clock ticks per second (`getconf CLK_TCK`): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used so far (user + system), in microseconds, from /proc (Linux).
 * The CPU a proxy spends per token is steadier than its latency on a shared machine.
 */
export function cpuMicrosOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1_000_000) / TICKS_PER_SECOND;
}

/** CPU used so far by every process whose command is `comm` (e.g. all PostgreSQL server processes), in microseconds. */
export function cpuMicrosOfCommand(comm: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === comm) total += cpuMicrosOf(Number(entry));
    } catch {
      // A process that exited between the listing and the read.
    }
  }
  return total;
}

/**
 * CPU time a process's threads have run so far, in microseconds, from each thread's
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds; Linux with schedstats). Finer than the
 * 10 ms ticks of `cpuMicrosOf`, for paired comparisons of small loads; a thread that exits
 * takes its time with it (Node's threads live as long as the process).
 */
export function preciseCpuMicrosOf(pid: number): number {
  let nanoseconds = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // A thread that exited between the listing and the read.
    }
  }
  return nanoseconds / 1000;
}
