// Lookups over a LabSpec by name, with each element's JSON pointer, built once per check run.

import { pointer } from "./diagnostics.js";
import type { CarpGroupSpec, HostSpec, LabSpec, NetworkSpec, ServiceKind } from "./types.js";

export interface Indexed<T> {
  readonly value: T;
  readonly pointer: string;
}

export interface LabIndex {
  readonly hosts: ReadonlyMap<string, Indexed<HostSpec>>;
  readonly networks: ReadonlyMap<string, Indexed<NetworkSpec>>;
  readonly carp: ReadonlyMap<string, Indexed<CarpGroupSpec>>;
  readonly hostNames: readonly string[];
  readonly networkNames: readonly string[];
  readonly carpNames: readonly string[];
}

function byName<T extends { readonly name: string }>(items: readonly T[], key: string): Map<string, Indexed<T>> {
  const map = new Map<string, Indexed<T>>();
  items.forEach((value, i) => {
    if (!map.has(value.name)) map.set(value.name, { value, pointer: pointer(key, i) });
  });
  return map;
}

export function indexLab(lab: LabSpec): LabIndex {
  const hosts = byName(lab.hosts, "hosts");
  const networks = byName(lab.networks, "networks");
  const carp = byName(lab.carp ?? [], "carp");
  return {
    hosts, networks, carp,
    hostNames: [...hosts.keys()], networkNames: [...networks.keys()], carpNames: [...carp.keys()],
  };
}

/** Networks a host has an addressed interface on (LAGGs and plain NICs), with the interface name. */
export function hostNetworks(host: HostSpec): Map<string, string> {
  const out = new Map<string, string>();
  for (const lagg of host.laggs ?? []) if (!out.has(lagg.network)) out.set(lagg.network, lagg.name);
  for (const nic of host.nics) if (nic.network && !out.has(nic.network)) out.set(nic.network, nic.name);
  return out;
}

export function runs(host: HostSpec, kind: ServiceKind): boolean {
  return host.services.some((s) => s.kind === kind);
}
