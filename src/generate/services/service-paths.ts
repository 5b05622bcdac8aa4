// FreeBSD paths of the service configs this folder writes, shared with provisioning (which installs
// packages, creates the self-signed certificate and runs the SQL) and the ifstated generator.

import type { Release } from "../../model/types.js";

export const NGINX_CONF = "/usr/local/etc/nginx/nginx.conf";
export const NGINX_MIME_TYPES = "/usr/local/etc/nginx/mime.types";
/** Self-signed certificate and key: provisioning creates them (openssl req -x509) before nginx starts. */
export const NGINX_TLS_CERT = "/usr/local/etc/nginx/ssl/lab.crt";
export const NGINX_TLS_KEY = "/usr/local/etc/nginx/ssl/lab.key";
export const NGINX_ACCESS_LOG = "/var/log/nginx/access.log";

export const VARNISH_VCL = "/usr/local/etc/varnish/default.vcl";

export const HAPROXY_CONF = "/usr/local/etc/haproxy.conf";
/** HAProxy's stats page, on 127.0.0.1 only. */
export const HAPROXY_STATS_PORT = 8404;
export const HAPROXY_SOCKET = "/var/run/haproxy.sock";

export const MYSQL_SOCKET = "/tmp/mysql.sock";
export const MYSQL_DATADIR = "/var/db/mysql";
export const MYSQL_SQL_DIR = "/usr/local/etc/mysql/lab";
/**
 * Root-only (0600) client option file with the root password, read by the promote/fence scripts
 * with --defaults-extra-file. Not /root/.my.cnf on purpose: a fresh datadir's root has an empty
 * password until the setup SQL sets it, and a plain `mysql` (provision.sh applying that SQL) would
 * pick up ~/.my.cnf's password and be refused.
 */
export const MYSQL_ROOT_CNF = `${MYSQL_SQL_DIR}/root.cnf`;
export const MYSQL_MASTER_SQL = `${MYSQL_SQL_DIR}/replication-master.sql`;
export const MYSQL_REPLICA_SQL = `${MYSQL_SQL_DIR}/replication-replica.sql`;

/**
 * Where mysqld reads my.cnf: mysql80-server's rc script uses /usr/local/etc/mysql/my.cnf; the 8.1-era
 * mysql51-server rc script started mysqld_safe with --defaults-extra-file=${mysql_dbdir}/my.cnf.
 */
export function mysqlCnfPath(release: Release): string {
  return release === "8.1" ? `${MYSQL_DATADIR}/my.cnf` : "/usr/local/etc/mysql/my.cnf";
}

export const ZOPE_ETC = "/usr/local/etc/zope";
/** Instance homes (mkzopeinstance / mkwsgiinstance output), one per port. */
export const ZOPE_INSTANCES = "/usr/local/www/zope";
/** Default local directories when the lab mounts no shared storage there. */
export const ZOPE_BLOBS_DEFAULT = "/var/db/zope/blobs";
export const ZOPE_VAR_DEFAULT = "/var/db/zope/var";

export function zopeConfPath(port: number): string {
  return `${ZOPE_ETC}/instance-${port}.conf`;
}

/** The PasteDeploy file of a WSGI instance (Zope 4+). */
export function zopeIniPath(port: number): string {
  return `${ZOPE_ETC}/instance-${port}.ini`;
}

/** Read by textproc/apache-solr's rc script on 14.x; 8.1's Jetty start script sources it too. */
export const SOLR_IN_SH = "/usr/local/etc/solr.in.sh";
export const SOLR_HOME_DEFAULT = "/var/db/solr";
