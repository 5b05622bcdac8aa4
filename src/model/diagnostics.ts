// A finding about a lab: where (JSON pointer into the lab document), what, and how to fix it.
// Errors make a lab invalid (exit code 2); warnings are printed and the lab is still used.

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier of the rule, e.g. "carp-vhid-clash". */
  readonly code: string;
  /** RFC 6901 JSON pointer into the lab document ("" is the whole lab). */
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
  /** Where the pointer comes from in the source: "lab.json:12:7" or "Vagrantfile.ts:40 lab.host(\"proxy02\")". */
  readonly origin?: string;
}

/** Builds a JSON pointer from path segments, escaping "~" and "/". */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export function parsePointer(ptr: string): string[] {
  if (ptr === "") return [];
  return ptr.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Collects diagnostics for a check; keeps call sites short. */
export class Findings {
  readonly list: Diagnostic[] = [];
  error(code: string, ptr: string, message: string, hint: string): void {
    this.list.push({ severity: "error", code, pointer: ptr, message, hint });
  }
  warn(code: string, ptr: string, message: string, hint: string): void {
    this.list.push({ severity: "warning", code, pointer: ptr, message, hint });
  }
}
