import { z } from "./openapi-zod";

const PartHealth = z.object({
  status: z.enum(["ok", "down"]),
  latency_ms: z.number(),
  kind: z.string().optional(),
  error: z.string().optional(),
});

export const SystemHealthResponse = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    services: z.record(z.string(), PartHealth),
    stores: z.record(z.string(), PartHealth),
    llm: z.object({ provider: z.string().nullable(), model: z.string().nullable() }),
  })
  .openapi("SystemHealth");

export const ProbeResponse = z.object({ status: z.string() }).openapi("Probe");
