// Packages per service kind and release. 14.x: pkg(8) names (pkg install; `pkg info -e NAME`).
// 8.1: pkg_add -r fetches Latest/<link>.tbz while pkg_info knows the installed package by its
// versioned name, so each entry carries both (checked with `pkg_info -qE GLOB`).

import type { ResolvedHost, ResolvedLab, ServiceKind } from "../../model/types.js";
import { pairsWithPrimary, pairsWithReplica } from "../storage/storage-roles.js";

export interface Package {
  /** 14.x: the pkg name; 8.1: the Latest link name given to pkg_add -r. */
  readonly name: string;
  /** 8.1 only: pkg_info glob of the installed package. */
  readonly installed?: string;
}

type Table = Partial<Record<ServiceKind | "zfsnap" | "mysql-client", readonly Package[]>>;

const PACKAGES_14: Table = {
  nginx: [{ name: "nginx" }],
  varnish: [{ name: "varnish7" }],
  haproxy: [{ name: "haproxy" }],
  mysql: [{ name: "mysql80-server" }],
  ifstated: [{ name: "ifstated" }],
  // Zope/Plone is not packaged for 14.x: a venv with pip (see ZOPE_VENV); mysqlclient builds against these.
  zope: [{ name: "python311" }, { name: "mysql80-client" }, { name: "pkgconf" }],
  solr: [{ name: "apache-solr" }],
  zfsnap: [{ name: "zfsnap2" }],
};

const PACKAGES_8: Table = {
  nginx: [{ name: "nginx", installed: "nginx-[0-9]*" }],
  varnish: [{ name: "varnish", installed: "varnish-[0-9]*" }],
  haproxy: [{ name: "haproxy", installed: "haproxy-[0-9]*" }],
  mysql: [{ name: "mysql51-server", installed: "mysql-server-5.1*" }],
  ifstated: [{ name: "ifstated", installed: "ifstated-[0-9]*" }],
  // www/plone3 brings Zope 2.10 and Python 2.4 (the zope generator writes Zope 2.10 configs for 8.1).
  zope: [
    { name: "plone3", installed: "plone-3*" },
    { name: "py24-MySQLdb", installed: "py24-MySQLdb-*" },
    { name: "mysql51-client", installed: "mysql-client-5.1*" },
  ],
  solr: [{ name: "apache-solr", installed: "apache-solr-[0-9]*" }],
  iscsi: [{ name: "istgt", installed: "istgt-[0-9]*" }],
  zfsnap: [{ name: "zfsnap", installed: "zfsnap-[0-9]*" }],
};

/** 14.x: where provision.sh builds the Zope 5/Plone 6 virtualenv (Plone is not packaged), and what it installs. */
export const ZOPE_VENV = "/usr/local/plone";
export const ZOPE_PIP_PACKAGES: readonly string[] = ["Plone", "RelStorage[mysql]"];
/** 8.1: RelStorage 1.x is no port; easy_install it into plone3's Python 2.4 once. */
export const ZOPE_EASY_INSTALL_8: readonly string[] = ["RelStorage==1.4.2"];

/** The packages `host` needs, in install order, without duplicates. */
export function hostPackages(lab: ResolvedLab, host: ResolvedHost): Package[] {
  const table = lab.release === "8.1" ? PACKAGES_8 : PACKAGES_14;
  const kinds: (keyof Table)[] = host.services.map((s) => s.kind);
  const storage = pairsWithPrimary(lab, host.name).length + pairsWithReplica(lab, host.name).length > 0;
  if (storage) kinds.push("zfsnap");
  // iSCSI targets run only on primaries (istgt is a package on 8.1; ctld is in base on 14.x)
  if (!pairsWithPrimary(lab, host.name).some((p) => p.iscsi.length)) {
    const i = kinds.indexOf("iscsi");
    if (i >= 0) kinds.splice(i, 1);
  }
  const seen = new Set<string>();
  const out: Package[] = [];
  for (const kind of kinds) {
    for (const p of table[kind] ?? []) {
      if (!seen.has(p.name)) {
        seen.add(p.name);
        out.push(p);
      }
    }
  }
  return out;
}
