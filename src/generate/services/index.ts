// generateServices(): the configs of the request chain and the database, per host that runs the
// service, at their FreeBSD paths under hosts/<host>/: nginx.conf, default.vcl, haproxy.conf, my.cnf
// with the replication SQL and the promote/fence scripts, the Zope instances and solr.in.sh, and the
// rc.d scripts FreeBSD lacks (zope; solr on 8.1).

import type { Artifact } from "../artifact.js";
import { artifact, hostPath, MODE_SCRIPT, MODE_SECRET } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { SCRIPT } from "../paths.js";
import type { ResolvedLab } from "../../model/types.js";
import { renderHaproxyConf } from "./haproxy.js";
import { hostsRunning, requireUpstreams } from "./lookup.js";
import { renderMyCnf } from "./mysql-cnf.js";
import { renderFenceScript, renderPromoteScript, renderRootMyCnf } from "./mysql-scripts.js";
import { renderMasterSql, renderReplicaSql } from "./mysql-sql.js";
import { mysqlPlacement } from "./mysql-topology.js";
import { renderNginxConf } from "./nginx.js";
import { HAPROXY_CONF, MYSQL_MASTER_SQL, MYSQL_REPLICA_SQL, mysqlCnfPath, NGINX_CONF, MYSQL_ROOT_CNF, SOLR_IN_SH, VARNISH_VCL } from "./service-paths.js";
import { renderSolrInSh } from "./solr.js";
import { renderVcl } from "./varnish.js";
import { generateZope } from "./zope.js";
import { generateRcScripts } from "./rc-scripts.js";

function proxyTier(lab: ResolvedLab): Artifact[] {
  return [
    ...hostsRunning(lab, "nginx").map(({ host, service }) =>
      artifact(hostPath(host.name, NGINX_CONF), renderNginxConf(lab, host, service, requireUpstreams(lab, "nginx", "varnish", host.name)))),
    ...hostsRunning(lab, "varnish").map(({ host, service }) =>
      artifact(hostPath(host.name, VARNISH_VCL), renderVcl(lab, host, service, requireUpstreams(lab, "varnish", "haproxy", host.name)))),
    ...hostsRunning(lab, "haproxy").map(({ host, service }) =>
      artifact(hostPath(host.name, HAPROXY_CONF), renderHaproxyConf(lab, host, service, requireUpstreams(lab, "haproxy", "zope", host.name)))),
  ];
}

function appTier(lab: ResolvedLab): Artifact[] {
  return [
    ...hostsRunning(lab, "zope").flatMap(({ host, service }) => generateZope(lab, host, service)),
    ...hostsRunning(lab, "solr").map(({ host, service }) => artifact(hostPath(host.name, SOLR_IN_SH), renderSolrInSh(lab, host, service))),
    ...lab.hosts.flatMap((host) => generateRcScripts(lab, host)),
  ];
}

function dbTier(lab: ResolvedLab): Artifact[] {
  return hostsRunning(lab, "mysql").flatMap(({ host, service }) => {
    const { role, pair } = mysqlPlacement(lab, host.name);
    const cnf = artifact(hostPath(host.name, mysqlCnfPath(lab.release)), renderMyCnf(lab, host, service));
    // A MySQL in no pair gets its my.cnf only: no setup SQL sets a root password, no ifstated calls scripts.
    if (!pair) return [cnf];
    const sql = role === "master"
      ? artifact(hostPath(host.name, MYSQL_MASTER_SQL), renderMasterSql(lab, pair), MODE_SECRET)
      : artifact(hostPath(host.name, MYSQL_REPLICA_SQL), renderReplicaSql(lab, pair), MODE_SECRET);
    return [
      cnf,
      sql,
      artifact(hostPath(host.name, MYSQL_ROOT_CNF), renderRootMyCnf(lab, host), MODE_SECRET),
      artifact(hostPath(host.name, SCRIPT.mysqlPromote), renderPromoteScript(lab, host), MODE_SCRIPT),
      artifact(hostPath(host.name, SCRIPT.mysqlFence), renderFenceScript(lab, host), MODE_SCRIPT),
    ];
  });
}

/** Pure: the same lab gives the same files, in the model's host order (sortArtifacts() orders paths). */
export function generateServices(lab: ResolvedLab, _options: GenerateOptions): Artifact[] {
  return [...proxyTier(lab), ...appTier(lab), ...dbTier(lab)];
}
