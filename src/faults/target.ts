// What a fault does, as calls on whatever runs the lab: the simulator implements it on its models;
// a real backend will translate the same calls into FreeBSD commands over SSH. Every call has an
// inverse, so every fault can be healed.

export type ServiceFaultState = "stopped" | "running" | "crashed" | "hung";

export interface FaultTarget {
  powerOff(host: string): void;
  powerOn(host: string): void;
  /** No clean shutdown: services die, links drop at once. */
  crash(host: string): void;
  reboot(host: string): void;
  setNicLink(host: string, nic: string, up: boolean): void;
  /** All ports of a LAGG at once. */
  setLaggLinks(host: string, lagg: string, up: boolean): void;
  /** Frames between hosts of different groups are dropped (hosts in no group keep talking to all). */
  partition(groups: readonly (readonly string[])[]): void;
  healPartition(): void;
  /** Frame loss on a network segment, 0-100 %. */
  setLinkLoss(network: string, percent: number): void;
  /** Extra one-way latency on a network segment. */
  setLinkDelay(network: string, delayMs: number): void;
  /** Frames from `from` to `to` are dropped (the other direction still flows). */
  setOneWayCut(from: string, to: string, cut: boolean): void;
  setService(host: string, service: string, state: ServiceFaultState): void;
  /** `sysctl NAME=VALUE` on the host (net.inet.carp.demotion adds). */
  sysctl(host: string, name: string, value: number): void;
  /** Adds N to net.inet.carp.demotion (negative N removes). */
  carpDemote(host: string, n: number): void;
  // --- services and data (disks, pools, MySQL, storage) --------------------------------------------
  failDisk(host: string, disk: string): void;
  replaceDisk(host: string, disk: string): void;
  /** I/O on the disk takes `factor` times longer (1 = normal). */
  setDiskSlow(host: string, disk: string, factor: number): void;
  setPoolFull(host: string, pool: string, full: boolean): void;
  /** STOP REPLICA (running false) / START REPLICA on a MySQL replica. */
  setReplica(host: string, running: boolean): void;
  setStorageLinks(host: string, up: boolean): void;
  /** Bandwidth of the host's storage link in Mbit/s; null = full rate. */
  setStorageLinkRate(host: string, mbitPerS: number | null): void;
  /** Promote (true) the host to storage primary, or demote it back to replica (false). */
  storagePromote(host: string, promote: boolean): void;
}
