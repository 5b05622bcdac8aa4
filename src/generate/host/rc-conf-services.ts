// The services half of rc.conf: pf/pflog, pfsync, ifstated, and the *_enable line plus the rc
// variables of every service the host runs (nginx, varnishd, haproxy, mysql, zope, solr, NFS server
// and client, the iSCSI target and initiator), zfs and sshd. Release differences: pfsync defer,
// ctld vs istgt, iscsid vs iscontrol, mysql_optfile.

import type { ResolvedHost, ResolvedLab, ResolvedService } from "../../model/types.js";
import { HAPROXY_CONF, MYSQL_DATADIR, mysqlCnfPath, VARNISH_VCL, ZOPE_INSTANCES } from "../services/service-paths.js";
import { pfsyncPeer, runsService, syncInterface } from "./host-lookup.js";
import type { RcLine } from "./rc-lines.js";
import { rcComment, rcVar } from "./rc-lines.js";
import { iscsiConsumerOf, nfsConsumerOf } from "./storage-clients.js";

/** mountd's fixed port (the NFS service's port that is neither rpcbind 111 nor nfsd 2049). */
function mountdPort(service: ResolvedService): number {
  return service.ports.find((p) => p !== 111 && p !== 2049) ?? 4046;
}

function listen(service: ResolvedService): string {
  const port = service.ports[0] ?? 0;
  return service.bindAddress === "0.0.0.0" ? `:${port}` : `${service.bindAddress}:${port}`;
}

function serviceLines(lab: ResolvedLab, host: ResolvedHost, service: ResolvedService): RcLine[] {
  const old = lab.release === "8.1";
  switch (service.kind) {
    case "nginx":
      return [rcVar("nginx_enable", "YES")];
    case "varnish":
      return [
        rcVar("varnishd_enable", "YES"),
        rcVar("varnishd_listen", listen(service)),
        rcVar("varnishd_config", VARNISH_VCL),
        rcVar("varnishd_storage", `malloc,${service.storageMiB}M`),
      ];
    case "haproxy":
      return [rcVar("haproxy_enable", "YES"), rcVar("haproxy_config", HAPROXY_CONF)];
    case "mysql":
      return [
        rcVar("mysql_enable", "YES"),
        rcVar("mysql_dbdir", MYSQL_DATADIR),
        // 8.1's mysql51-server reads ${mysql_dbdir}/my.cnf itself; 14.x names the option file.
        ...(old ? [] : [rcVar("mysql_optfile", mysqlCnfPath(lab.release))]),
      ];
    case "zope":
      return [
        rcComment(`Zope: one instance per port (${service.ports.join(", ")})`),
        rcVar("zope_enable", "YES"),
        rcVar("zope_instances", service.ports.map((p) => `${ZOPE_INSTANCES}/instance-${p}`).join(" ")),
      ];
    case "solr":
      return [
        rcComment(service.bindCarp ? `Solr is bound to the ${service.bindCarp} CARP VIP (the backup holds the address too, so the bind works on both)` : "Solr"),
        rcVar("solr_enable", "YES"),
        rcVar("solr_port", String(service.ports[0] ?? 6080)),
        rcVar("solr_host", service.bindAddress),
      ];
    case "nfs":
      return [
        rcComment("NFS server; mountd on a fixed port so pf can pass it"),
        rcVar("nfs_server_enable", "YES"),
        rcVar("rpcbind_enable", "YES"),
        rcVar("mountd_enable", "YES"),
        rcVar("mountd_flags", `-r -p ${mountdPort(service)}`),
      ];
    case "iscsi":
      // Only the primary of a storage pair serves LUNs (the replica has no ctl.conf/istgt.conf until promoted).
      if (!lab.storage.some((pair) => pair.primary === host.name && pair.iscsi.length > 0)) {
        return [rcComment("iSCSI target software installed; enabled only on the storage primary")];
      }
      return old
        ? [rcComment("iSCSI target: net/istgt on 8.1"), rcVar("istgt_enable", "YES")]
        : [rcComment("iSCSI target: ctld(8) reads /etc/ctl.conf"), rcVar("ctld_enable", "YES")];
    default:
      return []; // pf, pfsync, ifstated: firewallLines
  }
}

function firewallLines(lab: ResolvedLab, host: ResolvedHost): RcLine[] {
  const lines: RcLine[] = [];
  if (runsService(host, "pf")) {
    lines.push(rcComment("pf: default deny, see /etc/pf.conf"), rcVar("pf_enable", "YES"), rcVar("pf_rules", "/etc/pf.conf"), rcVar("pflog_enable", "YES"));
  }
  const sync = syncInterface(lab, host);
  if (runsService(host, "pfsync") && sync) {
    const peer = pfsyncPeer(lab, host);
    lines.push(rcComment(`pfsync: firewall states to ${peer ? peer.host : "the sync network"} over ${sync.name}`), rcVar("pfsync_enable", "YES"), rcVar("pfsync_syncdev", sync.name));
    if (peer) lines.push(rcVar("pfsync_syncpeer", peer.address));
    if (lab.release !== "8.1") lines.push(rcVar("pfsync_ifconfig", "defer"));
  }
  if (runsService(host, "ifstated")) lines.push(rcComment("ifstated: /usr/local/etc/ifstated.conf"), rcVar("ifstated_enable", "YES"));
  return lines;
}

function clientLines(lab: ResolvedLab, host: ResolvedHost): RcLine[] {
  const lines: RcLine[] = [];
  if (nfsConsumerOf(lab, host.name).length > 0) lines.push(rcComment("NFS client of the storage pair"), rcVar("nfs_client_enable", "YES"));
  if (iscsiConsumerOf(lab, host.name).length > 0) {
    if (lab.release === "8.1") lines.push(rcComment("iSCSI initiator: 8.1 has no iscsid; iscontrol(8) logs in (provisioning)"));
    else lines.push(rcComment("iSCSI initiator: iscsictl -Aa logs in to the targets of /etc/iscsi.conf"), rcVar("iscsid_enable", "YES"), rcVar("iscsictl_enable", "YES"), rcVar("iscsictl_flags", "-Aa"));
    lines.push(rcComment("lab_iscsi (provisioning): logs in and mounts the lab's LUNs at boot"), rcVar("lab_iscsi_enable", "YES"));
  }
  return lines;
}

export function servicesLines(lab: ResolvedLab, host: ResolvedHost): RcLine[] {
  return [
    rcComment("Services"),
    rcVar("sshd_enable", "YES"),
    ...(host.pools.length > 0 ? [rcVar("zfs_enable", "YES")] : []),
    ...firewallLines(lab, host),
    ...host.services.flatMap((s) => serviceLines(lab, host, s)),
    ...clientLines(lab, host),
  ];
}
