// The fault menu of one host: its power, each of its NICs and LAGGs, each of its services, disks and
// pools, and its MySQL replica threads; parts already broken offer their repair instead.

import type { ClusterView, HostView } from "../../sim/view.js";
import { seg, type Line } from "../text/line.js";
import type { MenuEntry } from "./menu.js";

const WHAT: Readonly<Record<string, string>> = {
  "power-off": "clean shutdown",
  "power-on": "boot the host",
  crash: "power cut: no shutdown",
  reboot: "shutdown -r now",
  "nic-down": "unplug the cable",
  "nic-up": "plug the cable back",
  "lagg-down": "every port of the LAGG loses link",
  "lagg-up": "links of the LAGG back",
  "service-stop": "service NAME stop",
  "service-crash": "the process dies",
  "service-hang": "the process stops answering",
  "service-start": "service NAME start",
  "disk-fail": "the disk faults (too many errors)",
  "disk-replace": "zpool replace with a new disk",
  "slow-disk": "the disk answers 10 times slower",
  "pool-full": "no space left on device",
  "pool-free": "space freed",
  "replica-stop": "STOP REPLICA",
  "replica-start": "START REPLICA",
};

function entry(text: string): MenuEntry {
  const kind = text.split(" ")[0] ?? "";
  const label: Line = [seg(text.padEnd(34)), seg(WHAT[kind] ?? "", { fg: "gray" })];
  return { label, effect: { kind: "inject", text } };
}

function serviceEntries(host: HostView): string[] {
  return host.services.flatMap((s) => (s.state === "running" || s.state === "starting"
    ? [`service-stop ${host.name} ${s.name}`, `service-crash ${host.name} ${s.name}`, `service-hang ${host.name} ${s.name}`]
    : [`service-start ${host.name} ${s.name}`]));
}

/** Every fault the menu offers for `hostName` (empty when the lab has no such host). */
export function faultMenuEntries(view: ClusterView, hostName: string): MenuEntry[] {
  const host = view.hosts.find((h) => h.name === hostName);
  if (!host) return [];
  if (host.power === "off") return [entry(`power-on ${host.name}`)];
  const texts: string[] = [`power-off ${host.name}`, `crash ${host.name}`, `reboot ${host.name}`];
  for (const nic of host.nics) texts.push(`${nic.link === "up" ? "nic-down" : "nic-up"} ${host.name} ${nic.name}`);
  for (const lagg of host.laggs) texts.push(`${lagg.up ? "lagg-down" : "lagg-up"} ${host.name} ${lagg.name}`);
  texts.push(...serviceEntries(host));
  const pools = view.storage.pools.filter((p) => p.host === host.name);
  const failed = new Set(pools.flatMap((p) => p.failedDisks));
  for (const disk of host.disks) {
    texts.push(...(failed.has(disk) ? [`disk-replace ${host.name} ${disk}`] : [`disk-fail ${host.name} ${disk}`, `slow-disk ${host.name} ${disk} 10x`]));
  }
  for (const pool of host.pools) texts.push(`${pools.find((p) => p.pool === pool)?.full ? "pool-free" : "pool-full"} ${host.name} ${pool}`);
  for (const pair of view.databases) {
    const server = pair.servers.find((s) => s.host === host.name);
    if (server?.io !== undefined) texts.push(`${server.io === "No" ? "replica-start" : "replica-stop"} ${host.name}`);
  }
  return texts.map(entry);
}
