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
  "disk-fail": { usage: "disk-fail HOST DISK", example: "10m: disk-fail stor01 da3" },
  "disk-replace": { usage: "disk-replace HOST DISK", example: "20m: disk-replace stor01 da3" },
  "slow-disk": { usage: "slow-disk HOST DISK FACTORx", example: "5m: slow-disk stor01 da2 20x" },
  "pool-full": { usage: "pool-full HOST POOL", example: "5m: pool-full stor01 tank" },
  "pool-free": { usage: "pool-free HOST POOL", example: "10m: pool-free stor01 tank" },
  "replica-stop": { usage: "replica-stop HOST", example: "1m: replica-stop db02" },
  "replica-start": { usage: "replica-start HOST", example: "5m: replica-start db02" },
  "mysql-crash": { usage: "mysql-crash HOST", example: "2m: mysql-crash db01" },
  "storage-link-down": { usage: "storage-link-down HOST", example: "5m: storage-link-down stor02" },
  "storage-link-up": { usage: "storage-link-up HOST", example: "10m: storage-link-up stor02" },
  "storage-link-rate": { usage: "storage-link-rate HOST MBIT|full", example: "5m: storage-link-rate stor01 10" },
  "storage-promote": { usage: "storage-promote HOST", example: "12m: storage-promote stor02" },
  "storage-demote": { usage: "storage-demote HOST", example: "40m: storage-demote stor02" },
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
