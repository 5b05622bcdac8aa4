// The daemon's request checking: every malformed request becomes an error answer naming the fix.
import { describe, expect, it } from "vitest";
import { EVENT_BUFFER_SIZE, MAX_LINE_BYTES, OPS, parseRequest } from "../../../src/app/daemon/protocol.js";
import { LineSplitter } from "../../../src/app/daemon/line-splitter.js";
import { RingBuffer } from "../../../src/app/daemon/ring-buffer.js";

describe("parseRequest", () => {
  it("accepts each op with its fields and echoes the id", () => {
    expect(parseRequest('{"id":7,"op":"ping"}')).toEqual({ ok: true, request: { id: 7, op: "ping" } });
    expect(parseRequest('{"id":"a","op":"fault","text":"power-off proxy01"}')).toEqual({ ok: true, request: { id: "a", op: "fault", text: "power-off proxy01" } });
    expect(parseRequest('{"op":"heal"}')).toEqual({ ok: true, request: { id: null, op: "heal" } });
    expect(parseRequest('{"id":1,"op":"events","follow":true,"limit":5}')).toEqual({ ok: true, request: { id: 1, op: "events", follow: true, limit: 5 } });
    expect(parseRequest('{"id":1,"op":"events"}')).toEqual({ ok: true, request: { id: 1, op: "events", follow: false, limit: 50 } });
    expect(parseRequest('{"id":1,"op":"exec","host":"proxy01","command":"sysctl net.inet.carp.preempt"}')).toMatchObject({ ok: true, request: { op: "exec", host: "proxy01" } });
  });

  it("refuses bad JSON, non-objects, unknown ops and mistyped fields without throwing", () => {
    const cases: [string, RegExp][] = [
      ["{not json", /^not JSON/],
      ["[1,2]", /a request is a JSON object/],
      ['{"id":1,"op":"explode"}', /unknown op "explode"/],
      ['{"id":1}', /unknown op undefined/],
      ['{"id":1,"op":"fault"}', /"fault" needs "text"/],
      ['{"id":1,"op":"fault","text":3}', /"fault" needs "text"/],
      ['{"id":1,"op":"events","follow":"yes"}', /"follow" must be true or false/],
      [`{"id":1,"op":"events","limit":${EVENT_BUFFER_SIZE + 1}}`, /"limit" must be a whole number/],
      ['{"id":1,"op":"exec","host":"proxy01"}', /"exec" needs "command"/],
      ['{"id":{},"op":"ping"}', /"id" must be a number or a string/],
    ];
    for (const [line, message] of cases) {
      const r = parseRequest(line);
      expect(r.ok, line).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("bad-request");
        expect(r.error.message).toMatch(message);
      }
    }
    const unknown = parseRequest('{"id":3,"op":"explode"}');
    expect(unknown).toMatchObject({ ok: false, id: 3, error: { hint: `one of: ${OPS.join(", ")}` } });
  });
});

describe("LineSplitter", () => {
  it("joins lines split across chunks, also inside a multi-byte character", () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('{"a":"é"}\n{"b":1}\n{"c"');
    expect(s.push(bytes.subarray(0, 7))).toEqual([]);
    expect(s.push(bytes.subarray(7))).toEqual(['{"a":"é"}', '{"b":1}']);
    expect(s.push(Buffer.from(":2}\r\n\n"))).toEqual(['{"c":2}']);
  });

  it("refuses a line longer than its limit, even before its newline arrives", () => {
    const s = new LineSplitter(MAX_LINE_BYTES);
    expect(s.push(Buffer.alloc(MAX_LINE_BYTES, 0x61))).toEqual([]);
    expect(s.push(Buffer.from("a"))).toBe("too-long");
  });
});

describe("RingBuffer", () => {
  it("keeps the last `capacity` items, oldest first, and counts the dropped ones", () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) r.push(i);
    expect(r.last(10)).toEqual([5, 6, 7]);
    expect(r.last(2)).toEqual([6, 7]);
    expect(r.last(0)).toEqual([]);
    expect(r.dropped).toBe(4);
    expect(r.size).toBe(3);
  });
});
