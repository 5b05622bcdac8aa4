// provision.sh: shellcheck-clean for both releases and all providers, lists exactly its host's files,
// carries no secret, and is idempotent: run twice in a sandbox (LAB_ROOT, stub FreeBSD commands, dash),
// the second run only looks (no package install, no file copy, no service start/restart/reload).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../../src/generate/artifact.js";
import { PROVIDERS, type Provider } from "../../../src/generate/context.js";
import { generateProvision } from "../../../src/generate/provision/index.js";
import { hostPackages } from "../../../src/generate/provision/packages.js";
import { hostFiles } from "../../../src/generate/provision/provision-script.js";
import { providerDisks } from "../../../src/generate/devices.js";
import type { Release } from "../../../src/model/types.js";
import { referenceLab } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { hostArtifacts } from "./fixture.js";
import { makeSandbox } from "./sandbox.js";

const RELEASES = ["14.2", "8.1"] as const;

function generate(release: Release, provider: Provider = "virtualbox") {
  const lab = referenceLab(release);
  const artifacts = hostArtifacts(lab, { provider });
  const provision = generateProvision(lab, { provider }, artifacts);
  return { lab, artifacts, provision, all: [...artifacts, ...provision] };
}

function script(provision: readonly Artifact[], host: string): string {
  return provision.find((a) => a.path === `hosts/${host}/provision.sh`)!.content;
}

describe("provision.sh content", () => {
  it("is byte-stable", () => {
    expect(generate("8.1", "bhyve").provision).toEqual(generate("8.1", "bhyve").provision);
  });

  it("is written for every host, executable", () => {
    const { lab, provision } = generate("14.2");
    expect(provision.map((a) => a.path)).toEqual(lab.hosts.map((h) => `hosts/${h.name}/provision.sh`).sort());
    expect(provision.every((a) => a.mode === 0o755 && a.content.startsWith("#!/bin/sh\n") && a.content.includes("\nset -eu\n"))).toBe(true);
  });

  it("places exactly the host's files, sorted, with their modes (rc.conf is applied with rc_set instead)", () => {
    const { artifacts, provision } = generate("14.2");
    for (const host of ["stor01", "app01", "proxy02"]) {
      const placed = [...script(provision, host).matchAll(/^place '([^']+)' (0\d{3})$/gm)].map((m) => [m[1], m[2]]);
      const expected = hostFiles(host, artifacts)
        .filter((f) => f.path !== "/etc/rc.conf")
        .map((f) => [f.path, `0${f.mode.toString(8)}`]);
      expect(placed).toEqual(expected);
    }
    expect(script(provision, "stor01")).toContain("place '/root/.ssh/lab_replication' 0600");
  });

  it("carries no secret: rc.conf values are read from the shipped file at run time", () => {
    const { lab, provision } = generate("14.2");
    const secrets = [...Object.values(lab.secrets.carpPass), lab.secrets.mysql.replicationPassword, lab.secrets.mysql.rootPassword];
    for (const a of provision) for (const s of secrets) expect(a.content).not.toContain(s);
    expect(script(provision, "proxy01")).toContain('rc_set ifconfig_lagg0_alias0 "$(rc_src ifconfig_lagg0_alias0)"');
  });

  it("installs the release's packages with the release's tools", () => {
    const p14 = script(generate("14.2").provision, "proxy01");
    expect(p14).toContain("need_pkg varnish7\n");
    expect(p14).toContain('env ASSUME_ALWAYS_YES=yes pkg install -y "$1"');
    const p8 = script(generate("8.1").provision, "proxy01");
    expect(p8).toContain("need_pkg varnish 'varnish-[0-9]*'\n");
    expect(p8).toContain('pkg_add -r "$1"');
    expect(p8).not.toContain("sysrc -f");
    expect(script(generate("8.1").provision, "stor01")).toContain("need_pkg istgt 'istgt-[0-9]*'\n");
    expect(script(generate("14.2").provision, "stor01")).toContain("need_pkg zfsnap2\n");
    expect(script(generate("14.2").provision, "db01")).toContain("need_pkg mysql80-server\n");
    expect(script(generate("8.1").provision, "db01")).toContain("need_pkg mysql51-server 'mysql-server-5.1*'\n");
  });

  it("starts services in rc order: pf, pfsync, ..., ifstated last", () => {
    const p = script(generate("14.2").provision, "proxy01");
    const order = [...p.matchAll(/^ {2}service_start (\S+)$/gm)].map((m) => m[1]);
    expect(order).toEqual(["pf", "pfsync", "haproxy", "varnishd", "nginx", "ifstated"]);
    const stor = script(generate("14.2").provision, "stor01");
    expect([...stor.matchAll(/^ {2}service_start (\S+)$/gm)].map((m) => m[1])).toEqual(["pf", "rpcbind", "mountd", "nfsd", "ctld"]);
    expect(script(generate("8.1").provision, "stor01")).toContain("service_start istgt");
    expect(script(generate("14.2").provision, "stor02")).not.toContain("service_start ctld");
  });
});

describeWithTool("shellcheck", "provision.sh passes shellcheck -s sh", () => {
  for (const release of RELEASES) {
    for (const provider of PROVIDERS) {
      it(`${release} ${provider}`, () => {
        const { provision } = generate(release, provider);
        const r = runTool("shellcheck", ["-s", "sh", "-"], { input: "" });
        expect(r.status).toBe(0);
        for (const a of provision) {
          const check = runTool("shellcheck", ["-s", "sh", "-"], { input: a.content });
          expect(`${a.path}\n${check.output}`).toBe(`${a.path}\n`);
        }
      });
    }
  }
});

/** Every file under a directory with its content, for comparing a tree before and after a run. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = `${(statSync(p).mode & 0o777).toString(8)} ${readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}

/** Commands that only look at the system. */
const READ_ONLY = [
  /^logger /, /^pkg -N$/, /^pkg info -e /, /^pkg_info -qE /, /^sysrc -f \S+ -i -n /, /^service \S+ status$/, /^pfctl -s info$/,
  /^ifconfig pfsync0$/, /^kldstat /, /^zpool (list|status) /, /^zfs (list|get) /, /^gpart show /, /^mount -p$/, /^iscsictl -L$/,
];

/** Files a fresh box already has: the merges and rc_set must keep their lines. */
function boxFiles() {
  return {
    "/etc/fstab": "/dev/ada0p2\tnone\tswap\tsw\t0\t0\n",
    "/etc/crontab": "*/5\t*\t*\t*\t*\troot\t/usr/libexec/atrun\n",
    "/etc/ssh/sshd_config": "UseDNS no\n",
    "/etc/rc.conf": 'hostname="box"\nsshd_enable="YES"\n',
  };
}

describeWithTool(["/bin/sh", "awk", "cmp"], "provision.sh twice in a sandbox", () => {
  for (const release of RELEASES) {
    const { lab, all, artifacts } = generate(release);
    for (const host of lab.hosts) {
      it(`${release} ${host.name}: the second run changes nothing`, () => {
        const boot = providerDisks(host, "virtualbox").find((d) => d.boot)!.providerDevice;
        const packageMap = hostPackages(lab, host).map((p) => [p.installed ?? `${p.name}-[0-9]*`, p.name] as const);
        const box = makeSandbox(host.name, all, {
          bootDisk: boot,
          iqnPrefix: lab.storage[0]!.iscsi[0]!.iqn.split(":")[0]!,
          packageMap,
          seed: boxFiles(),
        });
        const first = box.run();
        expect(first.output).toMatch(/done \(\d+ warnings\)/);
        expect(first.status).toBe(0);
        // the first run did the work: packages, every file, services
        const installs = first.log.filter((l) => /^(pkg install|pkg_add -r) /.test(l));
        expect(installs).toHaveLength(hostPackages(lab, host).length);
        expect(first.log.filter((l) => l.startsWith("install -m "))).toHaveLength(hostFiles(host.name, artifacts).length - 1);
        expect(first.log.some((l) => /^service \S+ start$/.test(l))).toBe(true);
        const tree = snapshotTree(box.root);

        const second = box.run();
        expect(second.status).toBe(0);
        expect(second.log.filter((l) => !READ_ONLY.some((re) => re.test(l)))).toEqual([]);
        expect(snapshotTree(box.root)).toEqual(tree);
        // the box's own lines survive the merges
        expect(readFileSync(join(box.root, "etc/fstab"), "utf8")).toMatch(/^\/dev\/ada0p2\tnone\tswap/);
        expect(readFileSync(join(box.root, "etc/rc.conf"), "utf8")).toContain('sshd_enable="YES"');
      });
    }
  }

  it("14.2 stor01: creates the pool, mirrors zroot, shares, and starts ctld on the first run", () => {
    const { all } = generate("14.2");
    const box = makeSandbox("stor01", all, { bootDisk: "ada0", iqnPrefix: "iqn.2011-01.lab.speeddaemons", seed: boxFiles() });
    const r = box.run();
    expect(r.status).toBe(0);
    expect(r.log).toContain("zpool create tank raidz2 da0 da1 da2 da3 da4 da5 da6 log mirror ada2 ada3");
    expect(r.log).toContain("gpart bootcode -b /boot/pmbr -p /boot/gptzfsboot -i 1 ada1");
    expect(r.log).toContain("zpool attach zroot ada0p3 ada1p3");
    expect(r.log).toContain("zfs set sharenfs=-maproot=root -network 10.0.40.0/24 tank/solr");
    expect(r.log).toContain("truncate -s 50G " + join(box.root, "tank/iscsi/zope-app01.img"));
    expect(r.log).toContain("service ctld start");
    expect(readFileSync(join(box.root, "etc/rc.conf"), "utf8")).toContain('ctld_enable="YES"');
  });

  it("app01: mounts NFS, attaches and formats the iSCSI LUN once", () => {
    for (const release of RELEASES) {
      const { all } = generate(release);
      const box = makeSandbox("app01", all, { bootDisk: "ada0", iqnPrefix: "iqn.2011-01.lab.speeddaemons", seed: boxFiles() });
      const r = box.run();
      expect(r.status).toBe(0);
      expect(r.log).toContain("mount /var/db/solr");
      expect(r.log).toContain("newfs -U -L zope-app01 /dev/da0");
      expect(r.log).toContain("mount /var/db/zope/var");
      expect(readFileSync(join(box.root, "etc/fstab"), "utf8")).toContain("# BEGIN lab-fstab\n# storage mounts of app01");
      expect(box.run().log.filter((l) => l.startsWith("newfs") || l.startsWith("mount /"))).toEqual([]);
    }
  });

  it("db01: applies the replication SQL once, after MySQL started", () => {
    const { all } = generate("14.2");
    const box = makeSandbox("db01", all, { bootDisk: "ada0", iqnPrefix: "x", seed: boxFiles() });
    const r = box.run();
    expect(r.log.indexOf("mysql ")).toBeGreaterThan(r.log.indexOf("service mysql-server start"));
    expect(box.run().log).not.toContain("mysql ");
  });
});
