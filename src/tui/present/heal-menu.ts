// The heal menu: the faults in force, each undone by its inverse. Faults are known from the event
// stream (fault.inject / fault.heal) and, for a console attached late, from what the view shows broken.

import type { TraceEvent } from "../../sim/engine/engine.js";
import type { ClusterView } from "../../sim/view.js";
import { formatFault, inverseOf, isRepair, parseFaultWithoutTime, type Fault } from "../../faults/index.js";
import { seg } from "../text/line.js";
import type { MenuEntry } from "./menu.js";

/** Fault texts in force, canonical, oldest first. */
export type ActiveFaults = readonly string[];

function parsed(text: string): Fault | undefined {
  const r = parseFaultWithoutTime(text);
  return r.ok ? r.value : undefined;
}

/** The repair that undoes a fault, as text: faults with the same repair are the same damage. */
export function repairOf(text: string): string | undefined {
  const f = parsed(text);
  return f ? formatFault(inverseOf(f)) : undefined;
}

/** The faults in force after `event` (fault.inject adds, fault.heal removes what it repairs). */
export function trackFault(active: ActiveFaults, event: TraceEvent): ActiveFaults {
  if ((event.type !== "fault.inject" && event.type !== "fault.heal") || typeof event.fault !== "string") return active;
  const fault = parsed(event.fault);
  if (!fault) return active;
  const text = formatFault(fault);
  if (isRepair(fault)) {
    // "heal" ends every partition; other repairs end the faults they are the inverse of.
    return active.filter((a) => (fault.kind === "heal" ? parsed(a)?.kind !== "partition" : repairOf(a) !== text));
  }
  // A reboot brings the host back by itself: nothing stays to heal.
  if (fault.kind === "reboot") return active;
  const repair = formatFault(inverseOf(fault));
  return [...active.filter((a) => repairOf(a) !== repair), text];
}

const SERVICE_FAULT = { stopped: "service-stop", crashed: "service-crash", hung: "service-hang" } as const;

/** Damage the view shows on running hosts (and hosts that are off), as fault texts. */
export function faultsSeenIn(view: ClusterView, tracked: ActiveFaults): string[] {
  const out: string[] = [];
  const laggsDown = new Set(tracked.map(parsed).flatMap((f) => (f?.kind === "lagg-down" ? [`${f.host} ${f.lagg}`] : [])));
  for (const host of view.hosts) {
    if (host.power === "off") {
      out.push(`power-off ${host.name}`);
      continue;
    }
    if (host.power !== "running") continue;
    for (const nic of host.nics) {
      if (nic.link === "down" && !(nic.lagg && laggsDown.has(`${host.name} ${nic.lagg}`))) out.push(`nic-down ${host.name} ${nic.name}`);
    }
    for (const s of host.services) {
      if (s.state === "stopped" || s.state === "crashed" || s.state === "hung") out.push(`${SERVICE_FAULT[s.state]} ${host.name} ${s.name}`);
    }
  }
  for (const pool of view.storage.pools) {
    for (const disk of pool.failedDisks) out.push(`disk-fail ${pool.host} ${disk}`);
    if (pool.full) out.push(`pool-full ${pool.host} ${pool.pool}`);
  }
  return out;
}

/** One entry per fault in force (tracked first), and "heal all" when there are several. */
export function healMenuEntries(view: ClusterView, tracked: ActiveFaults): MenuEntry[] {
  const texts: string[] = [];
  const repairs = new Set<string>();
  for (const text of [...tracked, ...faultsSeenIn(view, tracked)]) {
    const repair = repairOf(text);
    if (repair === undefined || repairs.has(repair)) continue;
    repairs.add(repair);
    texts.push(text);
  }
  const entries: MenuEntry[] = texts.map((text) => ({ label: [seg(text.padEnd(34)), seg(`-> ${repairOf(text)}`, { fg: "green" })], effect: { kind: "heal", texts: [text] } }));
  if (texts.length > 1) entries.push({ label: [seg(`heal all ${texts.length} faults`, { bold: true })], effect: { kind: "heal", texts } });
  return entries;
}
