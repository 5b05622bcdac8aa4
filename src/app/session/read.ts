// Reads a session record back, checking every line; a last line cut short by a crash mid-write is
// reported and left out, anything else malformed is refused with its line number.

import { readFileSync } from "node:fs";
import { EXIT, LabError } from "../errors.js";
import { SESSION_FORMAT, SESSION_VERSION, type SessionHeader, type SessionLine } from "./record.js";

export interface SessionRecord {
  readonly header: SessionHeader;
  readonly lines: readonly SessionLine[];
  /** Set when the last line was incomplete (the daemon died while writing it). */
  readonly truncatedLine?: number;
}

const OP_FIELDS: Readonly<Record<string, readonly (readonly [string, "string" | "number" | "boolean"])[]>> = {
  up: [],
  fault: [["fault", "string"]],
  heal: [["fault", "string"]],
  exec: [["host", "string"], ["command", "string"], ["status", "number"]],
  speed: [["command", "string"], ["speed", "number"], ["paused", "boolean"]],
  down: [["reason", "string"]],
};

function isHeader(v: unknown): v is SessionHeader {
  const h = v as SessionHeader;
  return !!h && typeof h === "object" && h.type === SESSION_FORMAT && !!h.lab && typeof h.lab.name === "string"
    && typeof h.lab.hash === "string" && (h.lab.file === null || typeof h.lab.file === "string")
    && Number.isSafeInteger(h.seed) && typeof h.release === "string" && typeof h.backend === "string";
}

/** What is wrong with a line, or undefined when it is a valid SessionLine. */
function lineProblem(v: unknown): string | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v)) return "not a JSON object";
  const o = v as Record<string, unknown>;
  if (!Number.isSafeInteger(o.tUs) || (o.tUs as number) < 0) return '"tUs" must be a whole number of microseconds';
  if (!Number.isSafeInteger(o.n) || (o.n as number) < 0) return '"n" must be a whole number of events';
  if (o.hash !== undefined && typeof o.hash !== "string") return '"hash" must be a string';
  const fields = typeof o.op === "string" ? OP_FIELDS[o.op] : undefined;
  if (!fields) return `unknown op ${JSON.stringify(o.op)} (one of: ${Object.keys(OP_FIELDS).join(", ")})`;
  for (const [name, type] of fields) if (typeof o[name] !== type) return `"${o.op}" needs "${name}" (${type})`;
  return undefined;
}

export function parseSession(text: string, display: string): SessionRecord {
  const raw = text.split("\n");
  const complete = text.endsWith("\n");
  const last = raw.length - 1;
  let truncatedLine: number | undefined;
  const values: { value: unknown; line: number }[] = [];
  raw.forEach((l, i) => {
    if (l.trim() === "") return;
    try {
      values.push({ value: JSON.parse(l), line: i + 1 });
    } catch (e) {
      // Only the very last line can be cut short by a crash: everything before it was written whole.
      if (i === last && !complete) truncatedLine = i + 1;
      else throw new LabError(`${display}:${i + 1}: not JSON: ${(e as Error).message}`, EXIT.io, "a session record has one JSON object a line; was it edited?");
    }
  });
  const first = values[0];
  if (!first || !isHeader(first.value)) {
    throw new LabError(`${display}: not a lab session record (the first line must be its {"type":"${SESSION_FORMAT}",...} header)`, EXIT.io,
      "give the .lab/session.jsonl that `lab up` wrote, or a copy of it");
  }
  if (first.value.version !== SESSION_VERSION) {
    throw new LabError(`${display}: session record version ${String(first.value.version)}; this lab reads version ${SESSION_VERSION}`, EXIT.io,
      "replay it with the version of lab that recorded it");
  }
  const lines: SessionLine[] = [];
  let previous = { tUs: 0, n: 0 };
  for (const { value, line } of values.slice(1)) {
    const problem = lineProblem(value);
    if (problem) throw new LabError(`${display}:${line}: ${problem}`, EXIT.io, "a session record has one JSON object a line; was it edited?");
    const l = value as SessionLine;
    if (l.tUs < previous.tUs || l.n < previous.n) {
      throw new LabError(`${display}:${line}: goes back in time (t=${l.tUs} µs, ${l.n} events after t=${previous.tUs} µs, ${previous.n} events)`, EXIT.io,
        "lines must be in the order they were recorded");
    }
    previous = l;
    lines.push(l);
  }
  return { header: first.value, lines, ...(truncatedLine !== undefined ? { truncatedLine } : {}) };
}

export function readSession(path: string, display: string): SessionRecord {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LabError(`${display}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`, EXIT.io,
      "give the path of a session record, e.g. .lab/session.jsonl (written by `lab up`, kept by `lab down`)");
  }
  return parseSession(text, display);
}
