import { DeltaCoalescer } from "../src/transport/delta-coalescer";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("DeltaCoalescer", () => {
  it("sends the first delta at once: time to first token never waits for a turn of the event loop", () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("안녕");
    expect(sent).toEqual(["안녕"]);
  });

  it("sends later deltas ready in the same turn as one message, and deltas of later turns separately", async () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("안녕");
    coalescer.push("하세");
    coalescer.push("요");
    expect(sent).toEqual(["안녕"]);
    await nextTurn();
    expect(sent).toEqual(["안녕", "하세요"]);
    coalescer.push("!");
    await nextTurn();
    expect(sent).toEqual(["안녕", "하세요", "!"]);
  });

  it("flushes at once when asked, before what must follow the deltas", () => {
    const sent: string[] = [];
    const coalescer = new DeltaCoalescer((text) => sent.push(text));
    coalescer.push("첫 ");
    coalescer.push("마지막 ");
    coalescer.push("조각");
    coalescer.flush();
    sent.push("final");
    expect(sent).toEqual(["첫 ", "마지막 조각", "final"]);
    coalescer.flush();
    expect(sent).toEqual(["첫 ", "마지막 조각", "final"]);
  });
});
