import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { OutageServer } from "./outage-server";

const run = promisify(execFile);

/**
 * A disposable Redis that can be stopped, started again (empty: it keeps nothing on disk)
 * and paused (alive, accepting connections, answering nothing), timing each, and that
 * clean-up can dispose of whatever phase a failing test stopped in.
 */
export class OutageRedis extends OutageServer {
  private pausedPid: number | undefined;

  /** One command through redis-cli (installed with redis-server), its reply lines. */
  async command(...args: string[]): Promise<string[]> {
    const { stdout } = await run("redis-cli", ["-p", String(this.server.port), "--raw", ...args], { timeout: 5000 });
    return stdout.split("\n").filter((line) => line.length > 0);
  }

  /** Subscribers over every channel whose name ends with `suffix`. */
  async subscribers(suffix: string): Promise<number> {
    if (!this.running) return 0;
    const channels = await this.command("PUBSUB", "CHANNELS", `*${suffix}`);
    if (channels.length === 0) return 0;
    const counts = await this.command("PUBSUB", "NUMSUB", ...channels);
    let total = 0;
    for (let index = 1; index < counts.length; index += 2) total += Number(counts[index]);
    return total;
  }

  /** A counter's value, 0 when the key does not exist. */
  async count(key: string): Promise<number> {
    const [value] = await this.command("GET", key);
    return Number(value ?? 0);
  }

  /** Freezes the server process (SIGSTOP), as a Redis stuck on a slow disk or a long command would be. */
  async pause(): Promise<void> {
    const info = await this.command("INFO", "server");
    const pid = Number(info.find((line) => line.startsWith("process_id:"))?.split(":")[1]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error("redis-server did not tell its process id");
    process.kill(pid, "SIGSTOP");
    this.pausedPid = pid;
  }

  resume(): void {
    if (this.pausedPid === undefined) return;
    process.kill(this.pausedPid, "SIGCONT");
    this.pausedPid = undefined;
  }

  async dispose(): Promise<void> {
    // A frozen process would never act on the stop signal.
    this.resume();
    await this.server.dispose();
  }
}
