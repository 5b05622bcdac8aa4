// The whole check of a lab document: schema first (later checks rely on its shape), then the
// semantic rules. Returns diagnostics; never throws on bad input.

import { planAddresses } from "./address-plan.js";
import { checkSchema } from "./check-schema.js";
import { checkHosts, checkNetworks } from "./check-hosts.js";
import { checkCarp, checkChains, checkMacs, checkMysql, checkRequirements, checkStorage } from "./check-topology.js";
import { type Diagnostic, Findings, hasErrors } from "./diagnostics.js";
import { indexLab } from "./lab-index.js";
import type { LabSpec } from "./types.js";

export type Validation =
  | { readonly ok: true; readonly lab: LabSpec; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function pointerOrder(a: Diagnostic, b: Diagnostic): number {
  const pa = a.pointer.split("/");
  const pb = b.pointer.split("/");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}

export function semanticDiagnostics(lab: LabSpec): Diagnostic[] {
  const findings = new Findings();
  const index = indexLab(lab);
  checkNetworks(findings, lab);
  checkHosts(findings, lab, index);
  checkMacs(findings, lab);
  checkCarp(findings, lab, index);
  checkChains(findings, lab, index);
  checkMysql(findings, lab, index);
  checkStorage(findings, lab, index);
  checkRequirements(findings, lab);
  findings.list.push(...planAddresses(lab).findings.list);
  return findings.list;
}

export function validateLab(document: unknown): Validation {
  const schemaErrors = checkSchema(document);
  if (schemaErrors.length) return { ok: false, diagnostics: schemaErrors };
  const lab = document as LabSpec;
  const diagnostics = semanticDiagnostics(lab).sort((a, b) =>
    a.severity === b.severity ? pointerOrder(a, b) : a.severity === "error" ? -1 : 1);
  return hasErrors(diagnostics) ? { ok: false, diagnostics } : { ok: true, lab, diagnostics };
}
