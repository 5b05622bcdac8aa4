// Stand-ins for the files the other generators write per host (rc.conf, loader.conf, pf.conf, nginx.conf,
// my.cnf, the MySQL SQL, an rc.d script...), so provision.sh can be tested on its own, plus the real
// storage artifacts.
import { artifact, MODE_SCRIPT, MODE_SECRET, type Artifact } from "../../../src/generate/artifact.js";
import type { GenerateOptions } from "../../../src/generate/context.js";
import { generateStorage } from "../../../src/generate/storage/index.js";
import type { ResolvedLab } from "../../../src/model/types.js";

export function otherGeneratorsArtifacts(lab: ResolvedLab): Artifact[] {
  const out: Artifact[] = [];
  for (const host of lab.hosts) {
    const h = (p: string) => `hosts/${host.name}${p}`;
    const kinds = new Set(host.services.map((s) => s.kind));
    const carp = host.carp.map((c, i) => `ifconfig_${c.interface}_alias${i}="inet vhid ${c.vhid} advskew ${c.advskew} pass ${lab.secrets.carpPass[c.group] ?? "x"} alias ${c.address}/32"`);
    out.push(
      artifact(h("/etc/rc.conf"), [`# rc.conf of ${host.name}`, `hostname="${host.name}.lab"`, 'cloned_interfaces="lagg0 lagg1"', ...carp, 'pf_enable="YES"', "zfs_enable=YES"].join("\n")),
      artifact(h("/boot/loader.conf"), ['carp_load="YES"', 'if_lagg_load="YES"', "kern.ipc.somaxconn=1024"].join("\n")),
      artifact(h("/etc/sysctl.conf"), "net.inet.carp.preempt=1"),
      artifact(h("/etc/pf.conf"), "block in all\npass out all keep state"),
    );
    if (kinds.has("nginx")) out.push(artifact(h("/usr/local/etc/nginx/nginx.conf"), "events {}\nhttp { server { ssl_certificate /usr/local/etc/nginx/ssl/lab.crt; ssl_certificate_key /usr/local/etc/nginx/ssl/lab.key; } }"));
    if (kinds.has("ifstated")) out.push(artifact(h("/usr/local/etc/ifstated.conf"), "init-state primary\nstate primary {\n}"));
    if (kinds.has("mysql")) {
      out.push(artifact(h("/usr/local/etc/mysql/my.cnf"), "[mysqld]\nserver_id=1"));
      out.push(artifact(h("/usr/local/etc/mysql/lab/replication-master.sql"), `CREATE USER 'repl'@'%' IDENTIFIED BY '${lab.secrets.mysql.replicationPassword}';`, MODE_SECRET));
    }
    if (kinds.has("zope")) out.push(artifact(h("/usr/local/etc/rc.d/zope"), "#!/bin/sh\n# PROVIDE: zope\n", MODE_SCRIPT));
  }
  return out;
}

/** Every host file provision.sh sees: stand-ins plus the real storage artifacts. */
export function hostArtifacts(lab: ResolvedLab, options: GenerateOptions): Artifact[] {
  return [...otherGeneratorsArtifacts(lab), ...generateStorage(lab, options)].sort((a, b) => (a.path < b.path ? -1 : 1));
}
