import { z } from "zod";
import { AppError, fieldName, inputIssues, parseField, parseInput } from "../src";

describe("zod input at a service's edge", () => {
  it("names fields as the wire does: snake_case keys, list positions in brackets", () => {
    expect(fieldName(["chunks", 3, "chunkIndex"])).toBe("chunks[3].chunk_index");
    expect(fieldName(["filters", "documentIds"])).toBe("filters.document_ids");
    expect(fieldName([2], "input")).toBe("input[2]");
  });

  it("turns every problem into one validation error with field details, in the schema's order", () => {
    const schema = z.object({ tenantId: z.string().min(1, "is required"), maxMessages: z.number().max(200, "too many") });
    let thrown: unknown;
    try {
      parseInput(schema, { tenantId: "", maxMessages: 300 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      kind: "invalid_argument",
      code: "validation_failed",
      details: [
        { field: "tenant_id", message: "is required" },
        { field: "max_messages", message: "too many" },
      ],
    });
    expect(parseInput(schema, { tenantId: "t", maxMessages: 1 })).toEqual({ tenantId: "t", maxMessages: 1 });
    expect(inputIssues(schema, { tenantId: "t", maxMessages: 1 })).toEqual([]);
  });

  it("checks one field on its own, naming it (and any path inside it) as the wire does", () => {
    expect(parseField("tenantId", z.string().min(1, "is required"), "한빛")).toBe("한빛");
    expect(() => parseField("tenantId", z.string().min(1, "is required"), "")).toThrow(
      expect.objectContaining({ kind: "invalid_argument", details: [{ field: "tenant_id", message: "is required" }] }),
    );
    const filters = z.object({ documentIds: z.array(z.string().uuid("must be a UUID")) });
    expect(() => parseField("filters", filters, { documentIds: ["x"] })).toThrow(
      expect.objectContaining({ details: [{ field: "filters.document_ids[0]", message: "must be a UUID" }] }),
    );
  });
});
