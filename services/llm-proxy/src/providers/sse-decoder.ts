/** One server-sent event. */
export interface ServerSentEvent {
  event: string | undefined;
  data: string;
}

/**
 * Incremental decoder for text/event-stream, per the WHATWG rules the proxy relies
 * on: lines end with LF, CRLF or CR (also across chunk boundaries), `data:` lines of
 * one event join with LF, `:` starts a comment, a blank line dispatches, and a
 * partial event at the end of the stream is dropped.
 *
 * Why not eventsource-parser: version 4 ships only as ES modules, which the
 * repository's jest setup (CommonJS through SWC on Node 20) cannot load.
 */
export class SseDecoder {
  private buffer = "";
  private event: string | undefined;
  private data: string[] = [];
  private pendingCarriageReturn = false;

  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let input = text;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.pendingCarriageReturn && input.startsWith("\n")) input = input.slice(1);
    this.pendingCarriageReturn = false;
    this.buffer += input;
    let start = 0;
    for (let index = 0; index < this.buffer.length; index += 1) {
      const char = this.buffer.charCodeAt(index);
      if (char !== 10 && char !== 13) continue;
      this.line(this.buffer.slice(start, index), events);
      if (char === 13) {
        if (index + 1 === this.buffer.length) this.pendingCarriageReturn = true;
        else if (this.buffer.charCodeAt(index + 1) === 10) index += 1;
      }
      start = index + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string, events: ServerSentEvent[]): void {
    if (line === "") {
      if (this.data.length > 0) events.push({ event: this.event, data: this.data.join("\n") });
      this.event = undefined;
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    // id and retry matter to browsers reconnecting, not to a one-shot proxy call.
  }
}
