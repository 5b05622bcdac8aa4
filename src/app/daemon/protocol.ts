// The daemon's protocol: newline-delimited JSON over its Unix socket. A request is one line
// {"id":1,"op":"status"}; every answer line carries the request's id: {"id":1,"ok":true,"result":...},
// {"id":1,"ok":false,"error":{...}}, or, for subscriptions (events --follow, boot progress), stream
// lines {"id":1,"stream":"event","event":...}. Every request is checked here; a bad one gets an error
// answer, never a crash.

import type { BackendEvent, ExecResult, UpProgress } from "../../backends/index.js";
import type { ClusterView } from "../../sim/view.js";

export const OPS = ["ping", "status", "fault", "heal", "events", "progress", "speed", "exec", "down"] as const;
export type Op = (typeof OPS)[number];

/** A request line longer than this is refused (and the connection closed): memory stays bounded. */
export const MAX_LINE_BYTES = 64 * 1024;
/** How many recent events the daemon keeps for `lab events`. */
export const EVENT_BUFFER_SIZE = 2000;

export type RequestId = number | string | null;

export type Request =
  | { readonly id: RequestId; readonly op: "ping" | "status" | "progress" | "down" }
  | { readonly id: RequestId; readonly op: "fault"; readonly text: string }
  /** text undefined: heal every partition. */
  | { readonly id: RequestId; readonly op: "heal"; readonly text?: string }
  | { readonly id: RequestId; readonly op: "events"; readonly follow: boolean; readonly limit: number }
  | { readonly id: RequestId; readonly op: "speed"; readonly command: string }
  | { readonly id: RequestId; readonly op: "exec"; readonly host: string; readonly command: string };

export type ErrorCode =
  /** Not JSON, unknown op, missing or mistyped field. */
  | "bad-request"
  /** The fault text does not parse, or names what the lab does not have. */
  | "bad-fault"
  /** Valid, but not now (still booting, step while running, ...). */
  | "refused"
  /** The backend failed while doing it. */
  | "failed";

export interface ProtocolError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  /** JSON pointer into the fault, for bad-fault. */
  readonly pointer?: string;
  /** 1-based column in the fault text, for a parse error. */
  readonly column?: number;
}

export type DaemonPhase = "booting" | "up" | "stopping";

export interface DaemonStatus {
  readonly pid: number;
  readonly phase: DaemonPhase;
  readonly backend: string;
  readonly seed: number;
  readonly lab: { readonly name: string; readonly hash: string; readonly file: string | null };
  readonly speed: number;
  readonly paused: boolean;
  readonly tUs: number;
  readonly events: number;
  readonly traceHash?: string;
  readonly sessionFile: string;
  readonly socket: string;
  readonly started: string;
}

export interface Results {
  ping: DaemonStatus;
  status: { readonly view: ClusterView; readonly daemon: DaemonStatus };
  fault: { readonly message: string; readonly fault: string; readonly tUs: number };
  heal: { readonly message: string; readonly fault: string; readonly tUs: number };
  /** `dropped`: earlier events not in `events` (older than the ring keeps, or beyond the limit). */
  events: { readonly events: readonly BackendEvent[]; readonly dropped: number };
  progress: { readonly view: ClusterView };
  speed: { readonly message: string; readonly speed: number; readonly paused: boolean };
  exec: ExecResult;
  down: { readonly tUs: number; readonly events: number; readonly traceHash?: string; readonly sessionFile: string };
}

export type Response =
  | { readonly id: RequestId; readonly ok: true; readonly result: unknown }
  | { readonly id: RequestId; readonly ok: false; readonly error: ProtocolError }
  | { readonly id: RequestId; readonly stream: "event"; readonly event: BackendEvent }
  | { readonly id: RequestId; readonly stream: "progress"; readonly progress: UpProgress };

export type Parsed = { readonly ok: true; readonly request: Request } | { readonly ok: false; readonly id: RequestId; readonly error: ProtocolError };

function bad(id: RequestId, message: string, hint?: string): Parsed {
  return { ok: false, id, error: { code: "bad-request", message, ...(hint ? { hint } : {}) } };
}

function stringField(o: Record<string, unknown>, name: string, id: RequestId, op: string): string | Parsed {
  const v = o[name];
  if (typeof v !== "string") return bad(id, `"${op}" needs "${name}" as a string`, `e.g. {"op":"${op}","${name}":"..."}`);
  return v;
}

/** Checks one request line; never throws. */
export function parseRequest(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return bad(null, `not JSON: ${(e as Error).message}`, 'send one JSON object a line, e.g. {"id":1,"op":"ping"}');
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return bad(null, "a request is a JSON object", '{"id":1,"op":"ping"}');
  const o = value as Record<string, unknown>;
  const rawId = o.id;
  if (rawId !== undefined && rawId !== null && typeof rawId !== "string" && !(typeof rawId === "number" && Number.isFinite(rawId))) {
    return bad(null, '"id" must be a number or a string');
  }
  const id: RequestId = rawId === undefined ? null : (rawId as RequestId);
  const op = o.op;
  if (typeof op !== "string" || !(OPS as readonly string[]).includes(op)) {
    return bad(id, `unknown op ${JSON.stringify(op)}`, `one of: ${OPS.join(", ")}`);
  }
  switch (op as Op) {
    case "ping":
    case "status":
    case "progress":
    case "down":
      return { ok: true, request: { id, op: op as "ping" } };
    case "fault": {
      const text = stringField(o, "text", id, op);
      return typeof text === "string" ? { ok: true, request: { id, op: "fault", text } } : text;
    }
    case "heal": {
      if (o.text === undefined || o.text === null) return { ok: true, request: { id, op: "heal" } };
      const text = stringField(o, "text", id, op);
      return typeof text === "string" ? { ok: true, request: { id, op: "heal", text } } : text;
    }
    case "events": {
      const follow = o.follow ?? false;
      const limit = o.limit ?? 50;
      if (typeof follow !== "boolean") return bad(id, '"follow" must be true or false');
      if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 0 || limit > EVENT_BUFFER_SIZE) {
        return bad(id, `"limit" must be a whole number 0-${EVENT_BUFFER_SIZE}`);
      }
      return { ok: true, request: { id, op: "events", follow, limit } };
    }
    case "speed": {
      const command = stringField(o, "command", id, op);
      return typeof command === "string" ? { ok: true, request: { id, op: "speed", command } } : command;
    }
    case "exec": {
      const host = stringField(o, "host", id, op);
      if (typeof host !== "string") return host;
      const command = stringField(o, "command", id, op);
      return typeof command === "string" ? { ok: true, request: { id, op: "exec", host, command } } : command;
    }
  }
}
