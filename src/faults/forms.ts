// How each fault is written as text: the usage line and an example, for error hints and help screens.

import type { FaultKind } from "./types.js";
import { FAULT_KINDS } from "./types.js";

export interface FaultForm {
  readonly usage: string;
  readonly example: string;
}

export const FAULT_FORMS: Readonly<Record<FaultKind, FaultForm>> = {
  "power-off": { usage: "power-off HOST", example: "30s: power-off proxy01" },
  "power-on": { usage: "power-on HOST", example: "2m: power-on proxy01" },
  crash: { usage: "crash HOST", example: "30s: crash db01" },
  reboot: { usage: "reboot HOST", example: "30s: reboot app01" },
  "nic-down": { usage: "nic-down HOST NIC", example: "1m30s: nic-down proxy01 em0" },
  "nic-up": { usage: "nic-up HOST NIC", example: "2m: nic-up proxy01 em0" },
  "lagg-down": { usage: "lagg-down HOST LAGG", example: "45s: lagg-down db01 lagg1" },
  "lagg-up": { usage: "lagg-up HOST LAGG", example: "90s: lagg-up db01 lagg1" },
  partition: { usage: "partition HOST[,HOST...]|HOST[,HOST...][|...]", example: "60s: partition proxy01,app01|proxy02" },
  heal: { usage: "heal  or  heal FAULT", example: "90s: heal" },
  "link-loss": { usage: "link-loss NETWORK PERCENT%", example: "10s: link-loss public 30%" },
  "link-delay": { usage: "link-delay NETWORK DELAY", example: "10s: link-delay app 200ms" },
  "one-way-cut": { usage: "one-way-cut FROM->TO", example: "5s: one-way-cut proxy01->proxy02" },
  "service-stop": { usage: "service-stop HOST SERVICE", example: "20s: service-stop proxy01 nginx" },
  "service-start": { usage: "service-start HOST SERVICE", example: "40s: service-start proxy01 nginx" },
  "service-crash": { usage: "service-crash HOST SERVICE", example: "20s: service-crash db01 mysql" },
  "service-hang": { usage: "service-hang HOST SERVICE", example: "20s: service-hang proxy01 haproxy" },
  sysctl: { usage: "sysctl HOST NAME=VALUE", example: "0s: sysctl proxy02 net.inet.carp.preempt=0" },
  "carp-demote": { usage: "carp-demote HOST N", example: "30s: carp-demote proxy01 240" },
};

/** `usage, e.g. "example"` for one kind. */
export function describeForm(kind: FaultKind): string {
  const form = FAULT_FORMS[kind];
  return `usage: ${form.usage}, e.g. "${form.example}"`;
}

/** Every form on one line, for hints after an unknown fault. */
export function listForms(): string {
  return `write [TIME:] FAULT, FAULT one of: ${FAULT_KINDS.map((k) => FAULT_FORMS[k].usage).join("; ")}`;
}
