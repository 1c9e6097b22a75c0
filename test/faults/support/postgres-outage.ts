import { OutageServer } from "./outage-server";

/**
 * A disposable Postgres that clean-up can bring back with `ensureRunning` (the harness
 * drops its schema on close) whatever phase a failing test stopped in.
 */
export class OutagePostgres extends OutageServer {}
