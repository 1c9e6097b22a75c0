import { DeltaCoalescer, HOLD_MS, RelayLoad } from "../src/transport/delta-coalescer";

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

  describe("while the process relays many streams", () => {
    /** A load of `open` streams against a threshold of 2. */
    const loadOf = (open: number) => {
      const load = new RelayLoad(2);
      for (let stream = 0; stream < open; stream += 1) load.opened();
      return load;
    };

    it("still sends the first delta at once, and holds later ones so that tokens of the next turns share a message", async () => {
      const sent: string[] = [];
      const coalescer = new DeltaCoalescer((text) => sent.push(text), loadOf(2));
      coalescer.push("안녕");
      expect(sent).toEqual(["안녕"]);
      coalescer.push("하세");
      await nextTurn();
      coalescer.push("요");
      await nextTurn();
      // Two turns later, nothing more has gone: both wait for the hold to end.
      expect(sent).toEqual(["안녕"]);
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 20));
      expect(sent).toEqual(["안녕", "하세요"]);
    });

    it("sends what is held at once when flushed, so the final event never waits", () => {
      const sent: string[] = [];
      const coalescer = new DeltaCoalescer((text) => sent.push(text), loadOf(3));
      coalescer.push("첫 ");
      coalescer.push("조각");
      coalescer.flush();
      sent.push("final");
      expect(sent).toEqual(["첫 ", "조각", "final"]);
    });

    it("goes back to the same turn's merging once streams close", async () => {
      const load = loadOf(2);
      load.closed();
      const sent: string[] = [];
      const coalescer = new DeltaCoalescer((text) => sent.push(text), load);
      coalescer.push("하나");
      coalescer.push("둘");
      await nextTurn();
      expect(sent).toEqual(["하나", "둘"]);
    });
  });
});
