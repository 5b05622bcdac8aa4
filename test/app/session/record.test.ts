// The session record: one line a command, written as it happens, read back with every line checked.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LabError } from "../../../src/app/errors.js";
import { canonicalJson, labIdentity } from "../../../src/app/session/lab-identity.js";
import { parseSession, readSession } from "../../../src/app/session/read.js";
import { SESSION_FORMAT, SESSION_VERSION, SessionRecorder, type SessionHeader } from "../../../src/app/session/record.js";
import { referenceLab, testSecrets } from "../../support/reference-lab.js";

const header: SessionHeader = {
  type: SESSION_FORMAT, version: SESSION_VERSION, lab: { name: "speed-daemons", hash: "0123456789abcdef", file: null, display: "built-in reference lab" },
  seed: 1, release: "14.2", backend: "sim", started: "2025-01-01T00:00:00.000Z",
};

function dir(): string {
  return mkdtempSync(join(tmpdir(), "lab-session-"));
}

describe("SessionRecorder", () => {
  it("writes the header then each line at once (readable before close), and reads back the same", () => {
    const path = join(dir(), ".lab", "session.jsonl");
    const r = new SessionRecorder(path, header);
    r.record({ tUs: 25_000_000, events: 900, traceHash: "aaaa" }, { op: "up" });
    r.record({ tUs: 40_000_000, events: 1200, traceHash: "bbbb" }, { op: "fault", fault: "power-off proxy01" });
    // Not closed: a daemon killed now leaves both lines on disk.
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toEqual({ tUs: 40_000_000, n: 1200, op: "fault", fault: "power-off proxy01", hash: "bbbb" });
    r.record({ tUs: 41_000_000, events: 1300, traceHash: "cccc" }, { op: "down", reason: "lab down" });
    r.close();
    const s = readSession(path, "session.jsonl");
    expect(s.header).toEqual(header);
    expect(s.lines.map((l) => l.op)).toEqual(["up", "fault", "down"]);
    expect(s.truncatedLine).toBeUndefined();
  });

  it("moves the previous record aside when a new one starts", () => {
    const d = dir();
    const path = join(d, "session.jsonl");
    const previous = join(d, "session.previous.jsonl");
    new SessionRecorder(path, { ...header, seed: 1 }).close();
    new SessionRecorder(path, { ...header, seed: 2 }, previous).close();
    expect(readSession(previous, "p").header.seed).toBe(1);
    expect(readSession(path, "s").header.seed).toBe(2);
  });
});

describe("parseSession", () => {
  const head = JSON.stringify(header);
  const up = JSON.stringify({ tUs: 1, n: 1, op: "up" });

  it("leaves out a last line cut short by a crash, and says which", () => {
    const s = parseSession(`${head}\n${up}\n{"tUs":2,"n":2,"op":"fa`, "s.jsonl");
    expect(s.lines).toHaveLength(1);
    expect(s.truncatedLine).toBe(3);
  });

  it("refuses a malformed line with its line number", () => {
    const cases: [string, RegExp][] = [
      [`${head}\n{oops\n${up}\n`, /s\.jsonl:2: not JSON/],
      [`${head}\n{"tUs":1,"n":1,"op":"explode"}\n`, /s\.jsonl:2: unknown op "explode"/],
      [`${head}\n{"tUs":1,"n":1,"op":"fault"}\n`, /s\.jsonl:2: "fault" needs "fault"/],
      [`${head}\n{"tUs":-1,"n":1,"op":"up"}\n`, /s\.jsonl:2: "tUs" must be/],
      [`${head}\n{"tUs":5,"n":5,"op":"up"}\n{"tUs":4,"n":6,"op":"up"}\n`, /s\.jsonl:3: goes back in time/],
      [`${up}\n`, /not a lab session record/],
      [`${JSON.stringify({ ...header, version: 99 })}\n`, /version 99/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseSession(text, "s.jsonl"), text).toThrow(LabError);
      expect(() => parseSession(text, "s.jsonl")).toThrow(message);
    }
  });

  it("reports a missing file as a file error (exit 4) with what to give", () => {
    try {
      readSession(join(dir(), "nope.jsonl"), "nope.jsonl");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LabError);
      expect((e as LabError).exitCode).toBe(4);
      expect((e as LabError).message).toBe("nope.jsonl: no such file");
    }
  });

  it("a record appended by hand after a crash still reads when whole", () => {
    const path = join(dir(), "s.jsonl");
    writeFileSync(path, `${head}\n${up}\n`);
    appendFileSync(path, `${JSON.stringify({ tUs: 3, n: 3, op: "speed", command: "10x", speed: 10, paused: false })}\n`);
    expect(readSession(path, "s").lines.map((l) => l.op)).toEqual(["up", "speed"]);
  });
});

describe("labIdentity", () => {
  it("does not depend on secrets, key order, or where the lab came from", () => {
    const a = labIdentity(referenceLab("14.2", testSecrets("one")));
    const b = labIdentity(referenceLab("14.2", testSecrets("two")));
    expect(a).toEqual(b);
    expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
  });

  it("changes when the lab changes (release, a host's advskew)", () => {
    const base = labIdentity(referenceLab("14.2"));
    expect(labIdentity(referenceLab("8.1")).hash).not.toBe(base.hash);
    const lab = referenceLab("14.2");
    const changed = { ...lab, carp: lab.carp.map((g, i) => (i === 0 ? { ...g, advbase: g.advbase + 1 } : g)) };
    expect(labIdentity(changed).hash).not.toBe(base.hash);
  });
});
