// rc.conf, loader.conf and sysctl.conf of the reference lab, both releases.
import { describe, expect, it } from "vitest";
import { MODE_SECRET } from "../../../src/generate/artifact.js";
import { referenceSpec, resolveSpec } from "../../support/reference-lab.js";
import { generated } from "./support.js";

describe("rc.conf on 14.2", () => {
  const g = generated("14.2");
  const pass = g.lab.secrets.carpPass;

  it("puts the CARP VIP on lagg0 as a vhid alias with the lab's pass (proxy01 master, proxy02 backup)", () => {
    expect(g.text("proxy01", "/etc/rc.conf")).toContain(`\nifconfig_lagg0_alias0="inet vhid 1 advbase 1 advskew 0 pass ${pass.www} alias 203.0.113.10/32"\n`);
    expect(g.text("proxy02", "/etc/rc.conf")).toContain(`\nifconfig_lagg0_alias0="inet vhid 1 advbase 1 advskew 100 pass ${pass.www} alias 203.0.113.10/32"\n`);
    expect(g.text("db01", "/etc/rc.conf")).toContain(`\nifconfig_lagg1_alias0="inet vhid 3 advbase 1 advskew 0 pass ${pass.mysql} alias 10.0.20.30/32"\n`);
    expect(g.text("proxy01", "/etc/rc.conf")).not.toMatch(/carp0/);
  });

  it("is written 0600 because it holds the CARP pass", () => {
    for (const host of ["proxy01", "app01", "db01", "stor01"]) expect(g.file(host, "/etc/rc.conf").mode).toBe(MODE_SECRET);
  });

  it("runs the LAGGs with laggproto failover in the VM lab and says why", () => {
    const rc = g.text("proxy01", "/etc/rc.conf");
    expect(rc).toContain('\nhostname="proxy01"\n');
    expect(rc).toContain('\ncloned_interfaces="lagg0 lagg1"\n');
    expect(rc).toContain('\nifconfig_em0="up"\n');
    expect(rc).toContain('\nifconfig_lagg0="laggproto failover laggport em0 laggport em1 203.0.113.11/24"\n');
    expect(rc).toContain('\nifconfig_lagg1="laggproto failover laggport em2 laggport em3 10.0.20.11/24"\n');
    expect(rc).toMatch(/# lagg0 \(public\): the model says lacp .*failover/);
    expect(rc).toContain('\nifconfig_em4="inet 10.0.99.11/24"\n');
  });

  it("enables pf, pflog, pfsync (with defer) and ifstated on the proxies", () => {
    const rc = g.text("proxy01", "/etc/rc.conf");
    for (const line of ['pf_enable="YES"', 'pf_rules="/etc/pf.conf"', 'pflog_enable="YES"', 'pfsync_enable="YES"', 'pfsync_syncdev="em4"', 'pfsync_syncpeer="10.0.99.12"', 'pfsync_ifconfig="defer"', 'ifstated_enable="YES"']) {
      expect(rc).toContain(`\n${line}\n`);
    }
    expect(g.text("proxy02", "/etc/rc.conf")).toContain('\npfsync_syncpeer="10.0.99.11"\n');
  });

  it("enables every service of each host with its rc variables", () => {
    const proxy = g.text("proxy01", "/etc/rc.conf");
    for (const line of ['nginx_enable="YES"', 'varnishd_enable="YES"', 'varnishd_listen=":3180"', 'varnishd_config="/usr/local/etc/varnish/default.vcl"', 'varnishd_storage="malloc,512M"', 'haproxy_enable="YES"', 'haproxy_config="/usr/local/etc/haproxy.conf"', 'sshd_enable="YES"', 'zfs_enable="YES"']) {
      expect(proxy).toContain(`\n${line}\n`);
    }
    const db = g.text("db01", "/etc/rc.conf");
    expect(db).toContain('\nmysql_enable="YES"\n');
    expect(db).toContain('\nmysql_dbdir="/var/db/mysql"\n');
    expect(db).toContain('\nmysql_optfile="/usr/local/etc/mysql/my.cnf"\n');
    const app = g.text("app01", "/etc/rc.conf");
    expect(app).toContain('\nzope_enable="YES"\n');
    expect(app).toMatch(/\nzope_instances="\/usr\/local\/www\/zope\/instance-8080 .*instance-8088"\n/);
    expect(app).toContain('\nsolr_enable="YES"\nsolr_port="6080"\nsolr_host="10.0.20.20"\n');
    expect(app).toContain('\nnfs_client_enable="YES"\n');
    expect(app).toContain('\niscsid_enable="YES"\niscsictl_enable="YES"\niscsictl_flags="-Aa"\n');
    const stor = g.text("stor01", "/etc/rc.conf");
    for (const line of ['nfs_server_enable="YES"', 'rpcbind_enable="YES"', 'mountd_enable="YES"', 'mountd_flags="-r -p 4046"', 'ctld_enable="YES"']) expect(stor).toContain(`\n${line}\n`);
    expect(stor).not.toMatch(/ifstated_enable|pfsync_enable|istgt/);
    expect(app).not.toMatch(/ifstated_enable/);
  });

  it("loads lagg, carp (carp.ko), pf, pflog and pfsync at boot", () => {
    const loader = g.text("proxy01", "/boot/loader.conf");
    for (const line of ['if_lagg_load="YES"', 'carp_load="YES"', 'pf_load="YES"', 'pflog_load="YES"', 'pfsync_load="YES"']) expect(loader).toContain(`\n${line}\n`);
    expect(g.text("stor01", "/boot/loader.conf")).not.toMatch(/carp/);
  });
});

describe("rc.conf on 8.1", () => {
  const g = generated("8.1");
  const pass = g.lab.secrets.carpPass;

  it("clones carp0 and configures it with the same vhid and advskew", () => {
    const rc1 = g.text("proxy01", "/etc/rc.conf");
    expect(rc1).toContain('\ncloned_interfaces="lagg0 lagg1 carp0"\n');
    expect(rc1).toContain(`\nifconfig_carp0="vhid 1 advbase 1 advskew 0 pass ${pass.www} 203.0.113.10/24"\n`);
    expect(g.text("proxy02", "/etc/rc.conf")).toContain(`\nifconfig_carp0="vhid 1 advbase 1 advskew 100 pass ${pass.www} 203.0.113.10/24"\n`);
    expect(rc1).not.toMatch(/_alias0=/);
  });

  it("has pfsync without defer, istgt, mysql 5.1's my.cnf in the dbdir, and no iscsid", () => {
    expect(g.text("proxy01", "/etc/rc.conf")).toContain('\npfsync_syncpeer="10.0.99.12"\n');
    expect(g.text("proxy01", "/etc/rc.conf")).not.toMatch(/pfsync_ifconfig|defer/);
    expect(g.text("stor01", "/etc/rc.conf")).toContain('\nistgt_enable="YES"\n');
    expect(g.text("stor01", "/etc/rc.conf")).not.toMatch(/ctld/);
    expect(g.text("db01", "/etc/rc.conf")).not.toMatch(/mysql_optfile/);
    expect(g.text("app01", "/etc/rc.conf")).not.toMatch(/iscsid_enable|iscsictl_/);
  });

  it("loads if_carp (8.x's module name) and says pfsync needs a kernel built with it", () => {
    const loader = g.text("proxy01", "/boot/loader.conf");
    expect(loader).toContain('\nif_carp_load="YES"\n');
    expect(loader).not.toMatch(/\ncarp_load|pfsync_load/);
    expect(loader).toMatch(/# pfsync\(4\) is not a module before 9\.0/);
    expect(g.text("app01", "/boot/loader.conf")).toContain('\niscsi_initiator_load="YES"\n');
  });
});

describe("sysctl.conf", () => {
  it("sets net.inet.carp.preempt=1 and CARP logging on the CARP hosts of both releases", () => {
    for (const release of ["14.2", "8.1"] as const) {
      const g = generated(release);
      for (const host of ["proxy01", "proxy02", "app01", "db02"]) {
        const text = g.text(host, "/etc/sysctl.conf");
        expect(text).toContain("\nnet.inet.carp.preempt=1\n");
        expect(text).toContain("\nnet.inet.carp.log=2\n");
      }
      expect(g.text("stor01", "/etc/sysctl.conf")).not.toMatch(/^net\./m);
    }
  });

  it("follows the host's carpPreempt", () => {
    const spec = referenceSpec("14.2");
    const lab = resolveSpec({ ...spec, carp: spec.carp!.map((c) => (c.name === "www" ? { ...c, preempt: false } : c)) });
    const g = generated("14.2", { provider: "virtualbox" }, lab);
    expect(g.text("proxy01", "/etc/sysctl.conf")).toContain("\nnet.inet.carp.preempt=0\n");
    expect(g.text("db01", "/etc/sysctl.conf")).toContain("\nnet.inet.carp.preempt=1\n");
  });
});
