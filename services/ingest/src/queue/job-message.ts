import { z } from "zod";
import type { IngestJob } from "../domain/job.queue";

const jobSchema = z.object({
  document_id: z.string().min(1).max(100),
  tenant_id: z.string().min(1).max(200),
});

export function encodeJob(job: IngestJob): Buffer {
  return Buffer.from(JSON.stringify({ document_id: job.document_id, tenant_id: job.tenant_id }));
}

/** The job in a message body, or undefined when the body is not one (it is then dead-lettered). */
export function decodeJob(body: Buffer): IngestJob | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
  const result = jobSchema.safeParse(parsed);
  return result.success ? result.data : undefined;
}
