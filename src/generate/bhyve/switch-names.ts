// vm-bhyve switch names: one per lab network plus the management switch. vm-bhyve names the bridge
// "vm-<switch>" and FreeBSD interface names have at most 15 characters, so a switch name has at
// most 12; vm-bhyve also wants [a-z0-9] at both ends (util::check_name). Names are short, derived
// from the lab and network names, deterministic, and unique within the lab.

import { fnv1a32 } from "../../lib/hash.js";
import type { ResolvedLab } from "../../model/types.js";

export const SWITCH_NAME_MAX = 12;
const SWITCH_NAME = /^[a-z0-9][a-z0-9-]{0,10}[a-z0-9]$/;
/** The key of the management switch in the map returned by switchNames(). */
export const MANAGEMENT = "";

/** "speed-daemons" -> "sd", "lab" -> "lab": the initials of the words, or the first letters. */
export function labTag(labName: string): string {
  const words = labName.split("-").filter(Boolean);
  const tag = words.length > 1 ? words.map((w) => w[0]).join("") : labName;
  return tag.replace(/[^a-z0-9]/g, "").slice(0, 3) || "lab";
}

function hashed(tag: string, name: string): string {
  const hash = fnv1a32(name).toString(36).padStart(4, "0").slice(-4);
  const room = SWITCH_NAME_MAX - tag.length - 1 - hash.length;
  return `${tag}-${name.slice(0, room)}${hash}`;
}

export function assertSwitchName(name: string): string {
  if (name.length > SWITCH_NAME_MAX || !SWITCH_NAME.test(name)) {
    throw new Error(`vm-bhyve switch name ${JSON.stringify(name)}: need ${SWITCH_NAME}, at most ${SWITCH_NAME_MAX} characters`);
  }
  return name;
}

/** Switch name per network name, and MANAGEMENT ("") -> the management switch. */
export function switchNames(lab: ResolvedLab): Map<string, string> {
  const tag = labTag(lab.name);
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const networks = [...lab.networks.map((n) => n.name)].sort();
  for (const name of [MANAGEMENT, ...networks]) {
    const base = name === MANAGEMENT ? "mgmt" : name;
    let candidate = `${tag}-${base}`;
    if (candidate.length > SWITCH_NAME_MAX || !SWITCH_NAME.test(candidate) || taken.has(candidate)) candidate = hashed(tag, base);
    if (taken.has(candidate)) throw new Error(`vm-bhyve switch name clash: ${candidate}`);
    taken.add(assertSwitchName(candidate));
    out.set(name, candidate);
  }
  return out;
}
