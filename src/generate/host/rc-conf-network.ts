// The network half of rc.conf: NICs up, LAGGs cloned with the VM lab's protocol (and why it differs
// from the model), addresses, and CARP: 14.x vhid aliases on the parent interface, 8.1 carpN
// pseudo-interfaces. The CARP pass comes from lab.secrets and must be a plain token.

import type { ResolvedCarpMembership, ResolvedHost, ResolvedLab } from "../../model/types.js";
import { vmLaggProtocol } from "../context.js";
import { carpInterface81 } from "./host-lookup.js";
import type { RcLine } from "./rc-lines.js";
import { rcBlank, rcComment, rcVar } from "./rc-lines.js";

/** carp(4) uses at most 19 characters of `pass`; the lab's secrets are letters and digits. */
const CARP_PASS = /^[A-Za-z0-9]{1,19}$/;

/** The group's pass from lab.secrets; throws when missing or when it is not a plain token. */
export function carpPass(lab: ResolvedLab, group: string): string {
  const pass = lab.secrets.carpPass[group];
  if (pass === undefined) throw new Error(`no CARP pass for group ${group} in the lab's secrets`);
  if (!CARP_PASS.test(pass)) throw new Error(`CARP pass for group ${group} must be 1-19 letters and digits (carp(4) and rc.conf word splitting)`);
  return pass;
}

function carpWords(lab: ResolvedLab, m: ResolvedCarpMembership): string {
  return `vhid ${m.vhid} advbase ${m.advbase} advskew ${m.advskew} pass ${carpPass(lab, m.group)}`;
}

function carpComment(m: ResolvedCarpMembership): RcLine {
  const rank = m.advskew === 0 ? "the preferred master" : "a backup while a peer has a lower advskew";
  return rcComment(`CARP ${m.group}: vhid ${m.vhid}, VIP ${m.address}, advskew ${m.advskew} (${rank})`);
}

export function networkLines(lab: ResolvedLab, host: ResolvedHost): RcLine[] {
  const old = lab.release === "8.1";
  const lines: RcLine[] = [rcComment("Network: the NICs of each LAGG only come up; the LAGG carries the address")];
  for (const nic of host.nics) if (nic.lagg || !nic.address) lines.push(rcVar(`ifconfig_${nic.name}`, "up"));
  const carpClones = old ? host.carp.map((m) => carpInterface81(host, m)) : [];
  const clones = [...host.laggs.map((l) => l.name), ...carpClones];
  if (clones.length > 0) lines.push(rcVar("cloned_interfaces", clones.join(" ")));
  if (host.laggs.length > 0) {
    lines.push(rcComment("ifconfig reads an address family only as its first word, so the LAGG address comes last without `inet`"));
  }
  for (const lagg of host.laggs) {
    const vm = vmLaggProtocol(lagg.protocol);
    if (vm.why) lines.push(rcComment(`${lagg.name} (${lagg.network}): ${vm.why}`));
    const ports = lagg.ports.map((p) => `laggport ${p}`).join(" ");
    lines.push(rcVar(`ifconfig_${lagg.name}`, `laggproto ${vm.protocol} ${ports} ${lagg.address}/${lagg.prefixLength}`));
  }
  for (const nic of host.nics) {
    if (!nic.lagg && nic.address) {
      const iface = host.interfaces.find((i) => i.name === nic.name);
      lines.push(rcVar(`ifconfig_${nic.name}`, `inet ${nic.address}/${iface?.prefixLength ?? 24}`));
    }
  }
  if (host.carp.length === 0) return lines;
  lines.push(rcBlank);
  if (old) {
    lines.push(rcComment("CARP on 8.1: one carpN pseudo-interface per group; its link is up while MASTER"));
    for (const m of host.carp) {
      lines.push(carpComment(m), rcVar(`ifconfig_${carpInterface81(host, m)}`, `${carpWords(lab, m)} ${m.address}/${m.prefixLength}`));
    }
  } else {
    lines.push(rcComment("CARP on 14.x: a vhid address (alias) on the parent interface; there is no carpN interface"));
    const aliases = new Map<string, number>();
    for (const m of host.carp) {
      const n = aliases.get(m.interface) ?? 0;
      aliases.set(m.interface, n + 1);
      lines.push(carpComment(m), rcVar(`ifconfig_${m.interface}_alias${n}`, `inet ${carpWords(lab, m)} alias ${m.address}/32`));
    }
  }
  return lines;
}
