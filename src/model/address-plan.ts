// The address plan: every addressed interface and VIP gets an address, explicit ones kept, the rest
// planned from the host's role (proxies .11+, app .21+, db .31+, storage .41+; a VIP takes its
// members' tier base: www .10, solr .20, mysql .30), falling back to the first free address from .100.
// Shared by the semantic checks (clashes, overflow) and resolve() so both see the same addresses.

import { type Cidr, contains, formatIpv4, isReserved, networkAddress, nthAddress, parseCidr, parseIpv4 } from "../lib/ipv4.js";
import { Findings, pointer } from "./diagnostics.js";
import type { LabSpec, Role } from "./types.js";

const ROLE_BASE: Readonly<Record<Role, number>> = { proxy: 10, app: 20, db: 30, storage: 40 };
const FALLBACK_FROM = 100;

export interface AddressPlan {
  /** Address per JSON pointer of an addressed element (a LAGG, a NIC with a network, a CARP group). */
  readonly byPointer: ReadonlyMap<string, string>;
  readonly findings: Findings;
}

interface Slot {
  readonly pointer: string;
  readonly network: string;
  readonly explicit?: string;
  /** Preferred offset from the network address when planned. */
  readonly preferred: number;
}

export function planAddresses(lab: LabSpec): AddressPlan {
  const findings = new Findings();
  const networks = new Map<string, Cidr>();
  for (const n of lab.networks) {
    const cidr = parseCidr(n.cidr);
    if (cidr && !networks.has(n.name)) networks.set(n.name, cidr);
  }
  const slots: Slot[] = [];
  const roleIndex = new Map<string, number>(); // network/role -> hosts of that role seen so far
  lab.hosts.forEach((host, h) => {
    const seenNetworks = new Set<string>();
    const addSlot = (ptr: string, network: string, explicit: string | undefined) => {
      let preferred = 0;
      if (!seenNetworks.has(network)) {
        seenNetworks.add(network);
        const key = `${network}/${host.role}`;
        const index = (roleIndex.get(key) ?? 0) + 1;
        roleIndex.set(key, index);
        preferred = index <= 9 ? ROLE_BASE[host.role] + index : 0;
      }
      slots.push({ pointer: ptr, network, preferred, ...(explicit ? { explicit } : {}) });
    };
    (host.laggs ?? []).forEach((lagg, l) => addSlot(pointer("hosts", h, "laggs", l), lagg.network, lagg.address));
    host.nics.forEach((nic, n) => {
      if (nic.network) addSlot(pointer("hosts", h, "nics", n), nic.network, nic.address);
    });
  });
  const hostRole = new Map(lab.hosts.map((h) => [h.name, h.role] as const));
  (lab.carp ?? []).forEach((group, g) => {
    const role = hostRole.get(group.members[0]?.host ?? "");
    slots.push({
      pointer: pointer("carp", g),
      network: group.network,
      preferred: role ? ROLE_BASE[role] : 0,
      ...(group.address ? { explicit: group.address } : {}),
    });
  });

  const byPointer = new Map<string, string>();
  const owner = new Map<string, string>(); // address -> pointer of its first user
  const claim = (slot: Slot, address: string) => {
    byPointer.set(slot.pointer, address);
    owner.set(`${slot.network}/${address}`, slot.pointer);
  };
  // Explicit addresses first, so planned ones never take an address a user wrote down.
  for (const slot of slots) {
    if (!slot.explicit) continue;
    const cidr = networks.get(slot.network);
    const at = slot.pointer + "/address";
    const value = parseIpv4(slot.explicit);
    if (value === undefined) {
      findings.error("address-invalid", at, `"${slot.explicit}" is not an IPv4 address`, "each octet is 0-255 without leading zeros");
      continue;
    }
    if (!cidr) continue; // dangling network: reported by the reference checks
    if (!contains(cidr, value)) {
      findings.error("address-outside-network", at, `${slot.explicit} is outside network ${slot.network} (${formatIpv4(cidr.base)}/${cidr.prefixLength})`,
        `use an address inside ${formatIpv4(cidr.base)}/${cidr.prefixLength}, or omit it to use the address plan`);
      continue;
    }
    if (isReserved(cidr, value)) {
      findings.error("address-reserved", at, `${slot.explicit} is the ${value === networkAddress(cidr) ? "network" : "broadcast"} address of ${slot.network}`,
        "use a host address inside the prefix");
      continue;
    }
    const key = `${slot.network}/${slot.explicit}`;
    const first = owner.get(key);
    if (first) {
      findings.error("address-duplicate", at, `${slot.explicit} is already used by ${first}`, "give each interface and VIP its own address");
      continue;
    }
    claim(slot, slot.explicit);
  }
  for (const slot of slots) {
    if (slot.explicit) continue;
    const cidr = networks.get(slot.network);
    if (!cidr) continue;
    const free = (offset: number) => {
      const v = nthAddress(cidr, offset);
      return v !== undefined && !owner.has(`${slot.network}/${formatIpv4(v)}`) ? formatIpv4(v) : undefined;
    };
    let address = slot.preferred > 0 ? free(slot.preferred) : undefined;
    for (let offset = FALLBACK_FROM; !address && offset < 2 ** (32 - cidr.prefixLength); offset++) address = free(offset);
    for (let offset = 0; !address && offset < Math.min(FALLBACK_FROM, 2 ** (32 - cidr.prefixLength)); offset++) address = free(offset);
    if (!address) {
      findings.error("address-plan-full", slot.pointer, `network ${slot.network} has no free address left`,
        "use a larger prefix for the network or give explicit addresses");
      continue;
    }
    claim(slot, address);
  }
  return { byPointer, findings };
}
