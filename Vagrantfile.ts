// The reference lab: the eight-host FreeBSD cluster of "Speed Daemons" (Lars Noldan, BSDCan 2011).
// Copy this file and edit it to make your own lab; `lab validate` checks it, `lab show` lists it.
//
//   clients -> www VIP (CARP on proxy01/proxy02)
//           -> nginx 80/443 -> varnish 3180 -> haproxy 3380       (each proxy)
//           -> zope 8080-8088 on app01/app02 -> mysql VIP (db01/db02), solr VIP (app01/app02)
//   stor01 (raidz2 + mirrored log) exports NFS and iSCSI to the app hosts, replicates to stor02.

import { defineLab, mirror, raidz2 } from "speed-daemons-lab";

export default defineLab("speed-daemons", (lab) => {
  lab.release("14.2");
  lab.describe("Speed Daemons (BSDCan 2011): HA web cluster of proxies, Zope/Solr app servers, MySQL pair and ZFS storage");

  lab.network("public", "203.0.113.0/24", { kind: "public", description: "Internet-facing segment of the proxies" });
  lab.network("app", "10.0.20.0/24", { description: "Back end: proxies, app and db hosts (PF limits 3306 to the app hosts)" });
  lab.network("db", "10.0.30.0/24", { description: "MySQL replication between db01 and db02" });
  lab.network("storage", "10.0.40.0/24", { description: "NFS, iSCSI and ZFS replication" });
  lab.network("pfsync", "10.0.99.0/24", { kind: "sync", description: "Dedicated pfsync cable between the proxies" });

  // Proxy tier: each has its own public address and shares www through CARP; ifstated demotes on any
  // service or link failure; pfsync keeps the firewall states in step.
  for (const name of ["proxy01", "proxy02"]) {
    lab.host(name, "proxy", { cpus: 2, memoryMiB: 1024 })
      .lagg("lagg0", ["em0", "em1"], { network: "public", protocol: "lacp" })
      .lagg("lagg1", ["em2", "em3"], { network: "app", protocol: "lacp" })
      .nic("em4", { network: "pfsync" })
      .osMirror(20)
      .service("nginx", { ports: [80, 443] })
      .service("varnish", { ports: [3180], storageMiB: 512 })
      .service("haproxy", { ports: [3380] })
      .services("ifstated", "pf", "pfsync");
  }

  // Application tier: private addresses only; Zope listens on all addresses, Solr on the solr VIP.
  for (const name of ["app01", "app02"]) {
    lab.host(name, "app", { cpus: 4, memoryMiB: 4096 })
      .lagg("lagg0", ["em0", "em1"], { network: "app", protocol: "lacp" })
      .lagg("lagg1", ["em2", "em3"], { network: "storage", protocol: "lacp" })
      .osMirror(20)
      .service("zope", { ports: [8080, 8081, 8082, 8083, 8084, 8085, 8086, 8087, 8088], threads: 2 })
      .service("solr", { ports: [6080], bind: "carp:solr" })
      .services("pf");
  }

  // Database tier: MySQL master/replica; ifstated scripts promote and fence on CARP changes.
  for (const name of ["db01", "db02"]) {
    lab.host(name, "db", { cpus: 4, memoryMiB: 4096 })
      .lagg("lagg0", ["em0", "em1"], { network: "db", protocol: "lacp" })
      .lagg("lagg1", ["em2", "em3"], { network: "app", protocol: "lacp" })
      .osMirror(20)
      .service("mysql", { ports: [3306] })
      .services("ifstated", "pf");
  }

  // Storage: 2 OS drives (mirror), 2 SSDs (mirrored ZIL), 7 x 1 TB spindles (raidz2).
  for (const name of ["stor01", "stor02"]) {
    lab.host(name, "storage", { cpus: 2, memoryMiB: 8192 })
      .lagg("lagg0", ["em0", "em1"], { network: "storage", protocol: "lacp" })
      .osMirror(20)
      .disks("log", 2, { kind: "ssd", sizeGiB: 32 })
      .disks("data", 7, { kind: "hdd", sizeGiB: 1024 })
      .pool("tank", [raidz2("data0", "data1", "data2", "data3", "data4", "data5", "data6")], { log: mirror("log0", "log1") })
      .services("nfs", "iscsi", "pf");
  }

  lab.carp("www", { vhid: 1, network: "public", address: "203.0.113.10", advbase: 1, preempt: true })
    .member("proxy01", { advskew: 0 })
    .member("proxy02", { advskew: 100 });
  lab.carp("solr", { vhid: 2, network: "app", address: "10.0.20.20", advbase: 1, preempt: true })
    .member("app01", { advskew: 0 })
    .member("app02", { advskew: 100 });
  lab.carp("mysql", { vhid: 3, network: "app", address: "10.0.20.30", advbase: 1, preempt: true })
    .member("db01", { advskew: 0 })
    .member("db02", { advskew: 100 });

  lab.chain("www", { entry: "www" })
    .hop("nginx", "varnish")
    .hop("varnish", "haproxy")
    .hop("haproxy", "zope", { hosts: ["app01", "app02"] })
    .hop("zope", "mysql", { via: "mysql" })
    .hop("zope", "solr", { via: "solr" });

  lab.mysql("plone", { master: "db01", replica: "db02", carp: "mysql", semiSync: false });

  lab.storage("tank", { primary: "stor01", replica: "stor02", pool: "tank" })
    .dataset("solr")
    .dataset("blobs")
    .dataset("iscsi")
    .snapshots("5m", "1h")
    .snapshots("15m", "1d")
    .snapshots("1h", "1w")
    .replicateEvery("5m")
    .nfs("solr", { network: "storage", consumers: [{ host: "app01", mountpoint: "/var/db/solr" }, { host: "app02", mountpoint: "/var/db/solr" }] })
    .nfs("blobs", { network: "storage", consumers: [{ host: "app01", mountpoint: "/var/db/zope/blobs" }, { host: "app02", mountpoint: "/var/db/zope/blobs" }] })
    .iscsi("zope-app01", { dataset: "iscsi", sizeGiB: 50, consumers: [{ host: "app01", mountpoint: "/var/db/zope/var" }] })
    .iscsi("zope-app02", { dataset: "iscsi", sizeGiB: 50, consumers: [{ host: "app02", mountpoint: "/var/db/zope/var" }] });

  lab.requirements({
    uptimePercent: 99.9,
    pageLoadS: { min: 5, max: 10 },
    registrationS: { min: 15, max: 20 },
    registeredUsers: { min: 5000, max: 50000 },
  });
  lab.traffic({ registeredUsers: 20000, peakSessionsPerS: 2, pageViewsPerSession: 6, registrationsPerHour: 20, cacheHitRatio: 0.8 });
});
