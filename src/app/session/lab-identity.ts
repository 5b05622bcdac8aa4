// A lab's identity for session records: its name and a hash of the resolved lab without secrets
// (canonical JSON: keys sorted), so a record made in one directory replays in another, with other
// secrets, and refuses a lab that changed.

import { createHash } from "node:crypto";
import type { ResolvedLab } from "../../model/types.js";

export interface LabIdentity {
  readonly name: string;
  /** sha256 of the canonical JSON of the resolved lab without its secrets, 16 hex digits. */
  readonly hash: string;
}

/** JSON with object keys sorted at every level: the same data, the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function labIdentity(lab: ResolvedLab): LabIdentity {
  const { secrets: _secrets, ...rest } = lab;
  return { name: lab.name, hash: createHash("sha256").update(canonicalJson(rest)).digest("hex").slice(0, 16) };
}
