// Zope instance configs of an app host, one per port of the model: RelStorage on the mysql VIP of
// the chain hop zope -> mysql, blobs on the shared NFS mount (shared-blob-dir), logs and pid files on
// the host's own var mount. 8.1: Zope 2.10/Plone 3 zope.conf with ZServer (<http-server>,
// zserver-threads; RelStorage 1.x on a ZODB patched for it). 14.x: Zope 5/Plone 6 under WSGI, the
// zope.conf for the application plus a PasteDeploy .ini for waitress (listen, threads).

import type { Artifact } from "../artifact.js";
import { artifact, hostPath, MODE_SECRET } from "../artifact.js";
import type { Endpoint, ResolvedHost, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import { zconfigValue } from "./config-quote.js";
import { generatedHeader, hopUpstreams, requireUpstreams } from "./lookup.js";
import { appDatabase } from "./mysql-sql.js";
import { pairAt } from "./mysql-topology.js";
import { ZOPE_BLOBS_DEFAULT, ZOPE_INSTANCES, ZOPE_VAR_DEFAULT, zopeConfPath, zopeIniPath } from "./service-paths.js";
import { mountFor } from "./storage-mounts.js";

interface ZopeStorage {
  readonly blobDir: string;
  /** True when the blob directory is one NFS export every instance of every host sees. */
  readonly sharedBlobs: boolean;
  readonly varDir: string;
}

function storageOf(lab: ResolvedLab, host: string, port: number): ZopeStorage {
  const blobs = mountFor(lab, host, "blob", ["nfs"]);
  const local = mountFor(lab, host, "zope", ["iscsi"]);
  return {
    // Unshared, RelStorage keeps blobs in MySQL and the directory is each instance's own cache.
    blobDir: blobs ? blobs.mountpoint : `${ZOPE_BLOBS_DEFAULT}/instance-${port}`,
    sharedBlobs: blobs !== undefined,
    varDir: `${local ? local.mountpoint : ZOPE_VAR_DEFAULT}/instance-${port}`,
  };
}

function relstorage(lab: ResolvedLab, mysql: Endpoint, storage: ZopeStorage): string[] {
  const pair = pairAt(lab, mysql.address, mysql.port);
  const { db, user } = pair ? appDatabase(pair) : { db: "plone", user: "plone" };
  return [
    "%import relstorage",
    "<zodb_db main>",
    "    mount-point /",
    "    cache-size 30000",
    "    <relstorage>",
    storage.sharedBlobs
      ? "        # Blobs on the NFS export every instance mounts: written once, read by all."
      : "        # No shared mount for blobs: RelStorage stores them in MySQL, this directory is a cache.",
    `        blob-dir ${storage.blobDir}`,
    `        shared-blob-dir ${storage.sharedBlobs ? "true" : "false"}`,
    `        # MySQL through the CARP VIP (chain hop zope -> mysql): a failover moves the VIP, not this file.`,
    "        <mysql>",
    `            host ${mysql.address}`,
    `            port ${mysql.port}`,
    `            db ${db}`,
    `            user ${user}`,
    `            passwd ${zconfigValue(lab.secrets.mysql.appPassword, "app password")}`,
    "        </mysql>",
    "    </relstorage>",
    "</zodb_db>",
  ];
}

function solrNote(lab: ResolvedLab, host: string): string[] {
  const solr = hopUpstreams(lab, "zope", "solr", host)[0];
  return solr ? [`# Solr (chain hop zope -> solr) is at http://${solr.address}:${solr.port}/solr: set in the Plone registry (collective.solr).`] : [];
}

function zope210Conf(lab: ResolvedLab, host: ResolvedHost, zope: ResolvedServiceOf<"zope">, port: number, mysql: Endpoint): string {
  const st = storageOf(lab, host.name, port);
  return [
    generatedHeader(lab, host.name, zopeConfPath(port)),
    `# Zope 2.10 (Plone 3) instance on port ${port}: runzope -C ${zopeConfPath(port)}. RelStorage 1.x needs ZODB 3.9,`,
    "# or 3.7/3.8 with RelStorage's poll-invalidation patch.",
    ...solrNote(lab, host.name),
    `%define INSTANCE ${ZOPE_INSTANCES}/instance-${port}`,
    `%define VAR ${st.varDir}`,
    "instancehome $INSTANCE",
    "clienthome $VAR",
    "effective-user www",
    "debug-mode off",
    `zserver-threads ${zope.threads}`,
    "lock-filename $VAR/instance.lock",
    "pid-filename $VAR/instance.pid",
    "",
    "<eventlog>",
    "    level info",
    "    <logfile>",
    "        path $VAR/event.log",
    "        level info",
    "    </logfile>",
    "</eventlog>",
    "",
    "<logger access>",
    "    level WARN",
    "    <logfile>",
    "        path $VAR/Z2.log",
    "        format %(message)s",
    "    </logfile>",
    "</logger>",
    "",
    "<http-server>",
    `    address ${zope.bindAddress}:${port}`,
    "</http-server>",
    "",
    ...relstorage(lab, mysql, st),
    "",
    "<zodb_db temporary>",
    "    <temporarystorage>",
    "        name temporary storage for sessioning",
    "    </temporarystorage>",
    "    mount-point /temp_folder",
    "    container-class Products.TemporaryFolder.TemporaryContainer",
    "</zodb_db>",
  ].join("\n");
}

function zope5Conf(lab: ResolvedLab, host: ResolvedHost, port: number, mysql: Endpoint): string {
  const st = storageOf(lab, host.name, port);
  return [
    generatedHeader(lab, host.name, zopeConfPath(port)),
    `# Zope 5 (Plone 6) instance on port ${port}, WSGI: runwsgi ${zopeIniPath(port)} (listen and threads are there).`,
    ...solrNote(lab, host.name),
    `%define INSTANCE ${ZOPE_INSTANCES}/instance-${port}`,
    `%define VAR ${st.varDir}`,
    "instancehome $INSTANCE",
    "clienthome $VAR",
    "debug-mode off",
    "security-policy-implementation C",
    "verbose-security off",
    "default-zpublisher-encoding utf-8",
    "",
    "<environment>",
    "    CHAMELEON_CACHE $VAR/cache",
    "</environment>",
    "",
    ...relstorage(lab, mysql, st),
  ].join("\n");
}

function zope5Ini(lab: ResolvedLab, host: ResolvedHost, zope: ResolvedServiceOf<"zope">, port: number): string {
  const st = storageOf(lab, host.name, port);
  return [
    generatedHeader(lab, host.name, zopeIniPath(port)),
    `# waitress serving the Zope instance of ${zopeConfPath(port)}: one thread per concurrent request.`,
    "[app:zope]",
    "use = egg:Zope#main",
    `zope_conf = ${zopeConfPath(port)}`,
    "",
    "[server:main]",
    "use = egg:waitress#main",
    `listen = ${zope.bindAddress}:${port}`,
    `threads = ${zope.threads}`,
    "# Keep the X-Forwarded-* headers nginx set for the application (waitress trusts no proxy itself).",
    "clear_untrusted_proxy_headers = false",
    "",
    "[pipeline:main]",
    "pipeline =",
    "    egg:Zope#httpexceptions",
    "    zope",
    "",
    "[loggers]",
    "keys = root",
    "",
    "[handlers]",
    "keys = eventlog",
    "",
    "[formatters]",
    "keys = generic",
    "",
    "[logger_root]",
    "level = INFO",
    "handlers = eventlog",
    "",
    "[handler_eventlog]",
    "class = FileHandler",
    `args = ('${st.varDir}/event.log', 'a')`,
    "level = NOTSET",
    "formatter = generic",
    "",
    "[formatter_generic]",
    "format = %(asctime)s %(levelname)-7.7s [%(name)s:%(lineno)s][%(threadName)s] %(message)s",
  ].join("\n");
}

/** One zope.conf per port (MODE_SECRET: it holds the app password), plus the WSGI .ini on 14.x. */
export function generateZope(lab: ResolvedLab, host: ResolvedHost, zope: ResolvedServiceOf<"zope">): Artifact[] {
  const mysql = requireUpstreams(lab, "zope", "mysql", host.name)[0]!;
  return zope.ports.flatMap((port) =>
    lab.release === "8.1"
      ? [artifact(hostPath(host.name, zopeConfPath(port)), zope210Conf(lab, host, zope, port, mysql), MODE_SECRET)]
      : [
          artifact(hostPath(host.name, zopeConfPath(port)), zope5Conf(lab, host, port, mysql), MODE_SECRET),
          artifact(hostPath(host.name, zopeIniPath(port)), zope5Ini(lab, host, zope, port)),
        ],
  );
}
