// How diagnostics and errors look on a terminal and in --json output.

import type { Diagnostic } from "../model/diagnostics.js";

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.origin ? `${d.origin}  ${d.pointer || "/"}` : d.pointer || "/";
  return `${where}\n  ${d.severity}: ${d.message} [${d.code}]\n  hint: ${d.hint}`;
}

export function formatDiagnostics(list: readonly Diagnostic[]): string {
  return list.map(formatDiagnostic).join("\n");
}

export function countLabel(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function diagnosticsJson(list: readonly Diagnostic[]): object[] {
  return list.map((d) => ({
    severity: d.severity, code: d.code, pointer: d.pointer, ...(d.origin ? { origin: d.origin } : {}), message: d.message, hint: d.hint,
  }));
}
