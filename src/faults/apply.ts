// Carries out a fault on whatever runs the lab (the simulator, later a real backend) through the
// FaultTarget calls.

import type { FaultTarget } from "./target.js";
import { SERVICE_FAULT_STATE, type Fault } from "./types.js";

export function applyFault(fault: Fault, target: FaultTarget): void {
  switch (fault.kind) {
    case "power-off":
      return target.powerOff(fault.host);
    case "power-on":
      return target.powerOn(fault.host);
    case "crash":
      return target.crash(fault.host);
    case "reboot":
      return target.reboot(fault.host);
    case "nic-down":
    case "nic-up":
      return target.setNicLink(fault.host, fault.nic, fault.kind === "nic-up");
    case "lagg-down":
    case "lagg-up":
      return target.setLaggLinks(fault.host, fault.lagg, fault.kind === "lagg-up");
    case "partition":
      return target.partition(fault.groups);
    case "heal":
      return target.healPartition();
    case "link-loss":
      return target.setLinkLoss(fault.network, fault.percent);
    case "link-delay":
      return target.setLinkDelay(fault.network, fault.delayMs);
    case "one-way-cut":
      return target.setOneWayCut(fault.from, fault.to, fault.restore !== true);
    case "service-stop":
    case "service-start":
    case "service-crash":
    case "service-hang":
      return target.setService(fault.host, fault.service, SERVICE_FAULT_STATE[fault.kind]);
    case "sysctl":
      return target.sysctl(fault.host, fault.name, fault.value);
    case "carp-demote":
      return target.carpDemote(fault.host, fault.n);
    case "disk-fail":
      return target.failDisk(fault.host, fault.disk);
    case "disk-replace":
      return target.replaceDisk(fault.host, fault.disk);
    case "slow-disk":
      return target.setDiskSlow(fault.host, fault.disk, fault.factor);
    case "pool-full":
    case "pool-free":
      return target.setPoolFull(fault.host, fault.pool, fault.kind === "pool-full");
    case "replica-stop":
    case "replica-start":
      return target.setReplica(fault.host, fault.kind === "replica-start");
    case "mysql-crash":
      return target.setService(fault.host, "mysql", "crashed");
    case "storage-link-down":
    case "storage-link-up":
      return target.setStorageLinks(fault.host, fault.kind === "storage-link-up");
    case "storage-link-rate":
      return target.setStorageLinkRate(fault.host, fault.mbitPerS);
    case "storage-promote":
    case "storage-demote":
      return target.storagePromote(fault.host, fault.kind === "storage-promote");
  }
}
