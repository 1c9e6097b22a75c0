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

/** CPU used so far by each live process that `include` picks (by pid), in microseconds. */
export function cpuMicrosByPid(include: (process: { pid: number; comm: string; cmdline: string }) => boolean): Map<number, number> {
  const used = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (include({ pid, comm, cmdline })) used.set(pid, cpuMicrosOf(pid));
    } catch {
      // A process that exited between the listing and the read.
    }
  }
  return used;
}

/**
 * CPU used between two `cpuMicrosByPid` readings: each process's growth, all of a process
 * that started in between. A process that exited in between counts nothing (its last
 * reading cannot be had), rather than taking its whole past off the sum as a total by
 * command would.
 */
export function cpuMicrosBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0);
  return total;
}

/**
 * The PostgreSQL processes that serve `database`: its client backends and the server's own
 * (postmaster, checkpointer, WAL writer, …), not the backends of other databases, which on
 * a shared server are someone else's load.
 */
export function postgresProcessOf(database: string): (process: { comm: string; cmdline: string }) => boolean {
  return ({ comm, cmdline }) => {
    if (comm !== "postgres") return false;
    // A client backend's title: "postgres: <cluster>: <user> <database> <address>(<port>) <state>".
    const clientBackend = /\s(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+|\[local\])(\(\d+\))?\s/.test(` ${cmdline} `) && cmdline.startsWith("postgres:");
    return !clientBackend || cmdline.includes(` ${database} `);
  };
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

/** A process to watch by pid, or the processes `pick` chooses (e.g. `postgresProcessOf`), summed under one name. */
export type WatchedProcess = { name: string; pid: number } | { name: string; pick: Parameters<typeof cpuMicrosByPid>[0] };

/** CPU each watched process used while `work` ran, in µs, by name. */
export async function cpuDuring<T>(processes: WatchedProcess[], work: () => Promise<T>): Promise<{ result: T; used: Record<string, number> }> {
  const read = () => processes.map((entry) => ("pid" in entry ? cpuMicrosOf(entry.pid) : cpuMicrosByPid(entry.pick)));
  const before = read();
  const result = await work();
  const after = read();
  const used = Object.fromEntries(
    processes.map((entry, index) => {
      const [from, to] = [before[index]!, after[index]!];
      return [entry.name, typeof from === "number" ? (to as number) - from : cpuMicrosBetween(from, to as Map<number, number>)];
    }),
  );
  return { result, used };
}

/** "name µs, …" per unit (request, token), leaving out processes under 1 µs per unit. */
export function cpuPerUnit(used: Record<string, number>, units: number): string {
  return Object.entries(used)
    .filter(([, micros]) => micros / units >= 1)
    .map(([name, micros]) => `${name} ${Math.round(micros / units)}`)
    .join(", ");
}
