// A fault as a person types it ("power-off proxy01"), checked against the running lab before anything
// changes: a parse error gives its column and the valid forms, a name the lab lacks gives the JSON
// pointer into the fault, the valid names and a hint.

import { formatFault, isRepair, parseFaultWithoutTime, validateFault, type Fault } from "../../faults/index.js";
import type { ResolvedLab } from "../../model/types.js";
import type { ProtocolError } from "./protocol.js";

export type CheckedFault = { readonly ok: true; readonly fault: Fault } | { readonly ok: false; readonly error: ProtocolError };

function badFault(text: string, error: Omit<ProtocolError, "code" | "message"> & { readonly message: string }): CheckedFault {
  return { ok: false, error: { code: "bad-fault", ...error, message: `"${text}": ${error.message}` } };
}

/** Parses and validates a fault to inject now (no time prefix). */
export function checkFaultText(text: string, lab: ResolvedLab): CheckedFault {
  const trimmed = text.trim();
  const parsed = parseFaultWithoutTime(trimmed);
  if (!parsed.ok) return badFault(trimmed, { message: parsed.error.message, hint: parsed.error.hint, column: parsed.error.column });
  const problems = validateFault(parsed.value, lab);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    return badFault(trimmed, { message: first.message + more, hint: first.hint, pointer: first.pointer });
  }
  return { ok: true, fault: parsed.value };
}

const HEAL_HINT = 'name the fault to undo, e.g. `lab heal "power-off proxy01"`, or `lab heal` alone to heal every partition';

/** The fault a `heal TEXT` undoes ("heal" and "" alone: every partition); a repair is refused. */
export function checkHealText(text: string | undefined, lab: ResolvedLab): CheckedFault {
  const trimmed = (text ?? "").trim().replace(/^heal(\s+|$)/, "");
  if (trimmed === "") return { ok: true, fault: { kind: "heal" } };
  const checked = checkFaultText(trimmed, lab);
  if (!checked.ok) return checked;
  if (checked.fault.kind !== "heal" && isRepair(checked.fault)) {
    return badFault(trimmed, { message: `"${formatFault(checked.fault)}" is a repair, not a fault to heal`, hint: HEAL_HINT });
  }
  return checked;
}
