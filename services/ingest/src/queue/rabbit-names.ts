/** Queue and exchange names; the prefix lets deployments (and test runs) share one broker. */
export function rabbitNames(prefix: string) {
  return {
    jobs: `${prefix}ingest.jobs`,
    retry: `${prefix}ingest.jobs.retry`,
    dead: `${prefix}ingest.jobs.dead`,
    events: `${prefix}ingest.events`,
  };
}

export type RabbitNames = ReturnType<typeof rabbitNames>;
