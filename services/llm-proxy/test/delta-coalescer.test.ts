import { DeltaCoalescer } from "../src/transport/delta-coalescer";

describe("DeltaCoalescer", () => {
  it("sends deltas ready in the same turn as one message, and later ones separately", async () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("안녕");
    coalescer.push("하세요");
    expect(sent).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(["안녕하세요"]);
    coalescer.push("!");
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual(["안녕하세요", "!"]);
  });

  it("flushes at once when asked, before what must follow the deltas", () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("마지막 ");
    coalescer.push("조각");
    coalescer.flush();
    sent.push("final");
    expect(sent).toEqual(["마지막 조각", "final"]);
    coalescer.flush();
    expect(sent).toEqual(["마지막 조각", "final"]);
  });
});
