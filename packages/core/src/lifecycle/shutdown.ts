import type { Logger } from "pino";

type Step = { name: string; run: () => Promise<void> | void };

/**
 * Runs named shutdown steps in the reverse order of registration (last started,
 * first stopped) under one deadline. The deadline timer is unref'd so it never
 * keeps a process alive on its own.
 */
export class Shutdown {
  private readonly steps: Step[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private deadlineMs = 5000,
  ) {}

  /** For a deadline that depends on configuration read after the signal handlers were installed. */
  setDeadline(ms: number): void {
    this.deadlineMs = ms;
  }

  get isShuttingDown(): boolean {
    return this.running !== undefined;
  }

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  run(reason: string): Promise<void> {
    this.running ??= this.execute(reason);
    return this.running;
  }

  /** Shut down on SIGINT/SIGTERM, then exit; a second signal exits at once. */
  installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.isShuttingDown) {
        exit(130);
        return;
      }
      void this.run(signal).then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  private async execute(reason: string): Promise<void> {
    this.logger.info({ reason }, "shutting down");
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"deadline">((resolve) => {
      timer = setTimeout(() => resolve("deadline"), this.deadlineMs);
      timer.unref();
    });
    const all = (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          this.logger.warn({ err: error, step: step.name }, "shutdown step failed");
        }
      }
    })();
    const outcome = await Promise.race([all.then(() => "done" as const), deadline]);
    clearTimeout(timer);
    if (outcome === "deadline") {
      this.logger.error({ deadline_ms: this.deadlineMs }, "shutdown deadline passed; exiting anyway");
      throw new Error("shutdown deadline passed");
    }
    this.logger.info({ took_ms: Date.now() - started }, "shut down");
  }
}
