// The storage files: pool layout per provider, snapshots and their cron entries per release, the
// replication link, NFS shares, iSCSI targets per release and the consumers' side.
import { describe, expect, it } from "vitest";
import type { Artifact } from "../../../src/generate/artifact.js";
import type { Provider } from "../../../src/generate/context.js";
import { generateStorage } from "../../../src/generate/storage/index.js";
import { cronEvery, zfsnapTtl } from "../../../src/generate/storage/schedule.js";
import { pathToken } from "../../../src/generate/storage/storage-roles.js";
import type { Release } from "../../../src/model/types.js";
import { referenceLab, testSecrets } from "../../support/reference-lab.js";

function files(release: Release = "14.2", provider: Provider = "virtualbox"): Map<string, Artifact> {
  return new Map(generateStorage(referenceLab(release), { provider }).map((a) => [a.path, a]));
}

function content(map: Map<string, Artifact>, path: string): string {
  const a = map.get(path);
  if (!a) throw new Error(`no ${path} among ${[...map.keys()].join(", ")}`);
  return a.content;
}

const ZPOOL = "usr/local/libexec/lab/zpool-create.sh";

describe("zpool-create.sh", () => {
  it.each([
    ["virtualbox", "raidz2 da0 da1 da2 da3 da4 da5 da6 log mirror ada2 ada3", "mirror_zroot ada0 ada1"],
    ["libvirt", "raidz2 da0 da1 da2 da3 da4 da5 da6 log mirror ada0 ada1", "mirror_zroot vtbd0 vtbd1"],
    ["bhyve", "raidz2 vtbd2 vtbd3 vtbd4 vtbd5 vtbd6 vtbd7 vtbd8 log mirror ada0 ada1", "mirror_zroot vtbd0 vtbd1"],
  ] as const)("names the %s devices", (provider, layout, mirror) => {
    for (const host of ["stor01", "stor02"]) {
      const script = content(files("14.2", provider), `hosts/${host}/${ZPOOL}`);
      expect(script).toContain(`zpool_f create tank ${layout}\n`);
      expect(script).toContain(`${mirror}\n`);
    }
  });

  it("creates nothing that exists and refuses used disks without --force", () => {
    const script = content(files(), `hosts/stor01/${ZPOOL}`);
    expect(script).toMatch(/if zpool list -H -o name tank >\/dev\/null 2>&1; then\n {2}log "pool tank exists"\nelse\n {2}check_free da0 da1 da2 da3 da4 da5 da6 ada2 ada3\n/);
    expect(script).toContain('[ "$FORCE" -eq 1 ] || fail "disk $d carries a partition table or a ZFS label');
    expect(script).toContain('gpart show "$1" >/dev/null 2>&1 && return 0');
  });

  it("copies the boot disk's partitions with gpart backup/restore on 14.2 and gpart add on 8.1", () => {
    const s14 = content(files("14.2"), `hosts/app01/${ZPOOL}`);
    const s8 = content(files("8.1"), `hosts/app01/${ZPOOL}`);
    expect(s14).toContain('gpart backup "$1" | gpart restore -F "$2"');
    expect(s8).not.toContain('gpart backup "$1"');
    expect(s8).toContain('gpart add -b "$start" -s "$size" -t "$type" -i "$index" "$2"');
    for (const s of [s14, s8]) {
      expect(s).toContain('gpart bootcode -b /boot/pmbr -p /boot/gptzfsboot -i "$boot_index" "$new"');
      expect(s).toContain('zpool_f attach zroot "$member" "${new}p$zfs_index"');
      expect(s).not.toContain("zpool_f create");
    }
  });

  it("creates and shares the datasets on the primary, makes the replica read-only", () => {
    const primary = content(files(), `hosts/stor01/${ZPOOL}`);
    expect(primary).toContain("ensure_fs tank/solr\nset_prop tank/solr sharenfs '-maproot=root -network 10.0.40.0/24'\n");
    expect(primary).toContain("ensure_fs tank/iscsi\n");
    expect(primary).not.toContain("set_prop tank/iscsi sharenfs");
    expect(primary).toContain("ensure_file '/tank/iscsi/zope-app01.img' 50\n");
    const replica = content(files(), `hosts/stor02/${ZPOOL}`);
    expect(replica).toContain("set_prop tank readonly on\n");
    expect(replica).not.toMatch(/^ensure_fs /m);
  });
});

describe("snapshots and cron", () => {
  it("spells retention as zfsnap TTLs and intervals as cron steps", () => {
    expect([3600, 86400, 604800, 300, 90].map(zfsnapTtl)).toEqual(["1h", "1d", "1w", "5M", "90s"]);
    expect(cronEvery(300).fields).toBe("*/5\t*\t*\t*\t*");
    expect(cronEvery(300, 1).fields).toBe("1-59/5\t*\t*\t*\t*");
    expect(cronEvery(3600).fields).toBe("0\t*\t*\t*\t*");
    expect(cronEvery(7200).fields).toBe("0\t*/2\t*\t*\t*");
    expect(cronEvery(86400).fields).toBe("0\t0\t*\t*\t*");
    expect(cronEvery(420).note).toContain("restarts */7 every hour");
    expect(cronEvery(90).note).toContain("rounded");
  });

  const expected = [
    "*/5\t*\t*\t*\t*\troot\t/usr/local/libexec/lab/zfs-snapshot.sh snapshot tank 1h",
    "*/15\t*\t*\t*\t*\troot\t/usr/local/libexec/lab/zfs-snapshot.sh snapshot tank 1d",
    "0\t*\t*\t*\t*\troot\t/usr/local/libexec/lab/zfs-snapshot.sh snapshot tank 1w",
    "1-59/5\t*\t*\t*\t*\troot\t/usr/local/libexec/lab/zfs-replicate.sh tank",
  ];

  it("14.2: /etc/cron.d/lab-zfs on both storage hosts", () => {
    const f = files("14.2");
    const primary = content(f, "hosts/stor01/etc/cron.d/lab-zfs").split("\n").filter(Boolean);
    expect(primary.filter((l) => !l.startsWith("#"))).toEqual(expected);
    expect(content(f, "hosts/stor02/etc/cron.d/lab-zfs")).toContain("7\t*\t*\t*\t*\troot\t/usr/local/libexec/lab/zfs-snapshot.sh expire tank");
    expect(f.has("hosts/stor01/usr/local/etc/lab/crontab")).toBe(false);
  });

  it("8.1: a fragment for /etc/crontab (8.1 cron has no cron.d)", () => {
    const f = files("8.1");
    expect(f.has("hosts/stor01/etc/cron.d/lab-zfs")).toBe(false);
    expect(content(f, "hosts/stor01/usr/local/etc/lab/crontab").split("\n").filter((l) => l && !l.startsWith("#"))).toEqual(expected);
  });

  it("uses zfsnap 2 on 14.2 and zfSnap 1.x on 8.1", () => {
    const s14 = content(files("14.2"), "hosts/stor01/usr/local/libexec/lab/zfs-snapshot.sh");
    expect(s14).toContain('tank) zfsnap snapshot -a "$ttl" -r tank/solr tank/blobs tank/iscsi ;;');
    expect(s14).toContain("tank) zfsnap destroy -r tank/solr tank/blobs tank/iscsi ;;");
    const s8 = content(files("8.1"), "hosts/stor01/usr/local/libexec/lab/zfs-snapshot.sh");
    expect(s8).toContain('tank) zfSnap -a "$ttl" -r tank/solr tank/blobs tank/iscsi ;;');
    expect(s8).toContain("tank) zfSnap -d ;;");
    // the replica only expires: it has no snapshot arm
    const replica = content(files("14.2"), "hosts/stor02/usr/local/libexec/lab/zfs-snapshot.sh");
    expect(replica).not.toContain("zfsnap snapshot");
    expect(replica).toContain("zfsnap destroy -r tank/solr");
  });
});

describe("replication", () => {
  it("sends to stor02's storage address with the lab key at a root-only path", () => {
    const f = files();
    const script = content(f, "hosts/stor01/usr/local/libexec/lab/zfs-replicate.sh");
    expect(script).toContain("tank) TARGET=10.0.40.42; DATASETS='tank/solr tank/blobs tank/iscsi' ;;");
    expect(script).toContain('zfs send -I "$common" "$newest" | remote zfs recv -F "$ds"');
    expect(script).toContain("lockf -s -t 0");
    expect(script).toContain("KEY=/root/.ssh/lab_replication");
    const key = f.get("hosts/stor01/root/.ssh/lab_replication")!;
    expect(key.mode).toBe(0o600);
    expect(key.content).toBe(testSecrets().ssh.privateKey);
  });

  it("lets the key run only list and recv of the pair's datasets, from the primary, as a forced command", () => {
    const f = files();
    const keys = f.get("hosts/stor02/usr/local/etc/lab/root_authorized_keys")!;
    expect(keys.content).toBe(`from="10.0.40.41",command="/usr/local/libexec/lab/zfs-recv-guard.sh",no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty ${testSecrets().ssh.publicKey}\n`);
    const guard = content(f, "hosts/stor02/usr/local/libexec/lab/zfs-recv-guard.sh");
    expect(guard.match(/^ {2}'zfs (list|recv) [^']+'\) exec /gm)).toHaveLength(6);
    expect(content(f, "hosts/stor02/usr/local/etc/lab/sshd_config")).toBe("Match Address 10.0.40.41\n\tPermitRootLogin forced-commands-only\n");
  });

  it("uses accept-new on 14.2 and (OpenSSH 5.4) no on 8.1", () => {
    expect(content(files("14.2"), "hosts/stor01/usr/local/libexec/lab/zfs-replicate.sh")).toContain("StrictHostKeyChecking=accept-new");
    expect(content(files("8.1"), "hosts/stor01/usr/local/libexec/lab/zfs-replicate.sh")).toContain("StrictHostKeyChecking=no");
  });
});

describe("iSCSI and NFS", () => {
  it("14.2: ctl.conf on the primary, one target per LUN, admitting only its consumer", () => {
    const f = files("14.2");
    const ctl = content(f, "hosts/stor01/etc/ctl.conf");
    expect(f.get("hosts/stor01/etc/ctl.conf")!.mode).toBe(0o600);
    expect(ctl).toContain("portal-group pg-tank {\n\tdiscovery-auth-group no-authentication\n\tlisten 10.0.40.41:3260\n}");
    expect(ctl).toContain("auth-group ag-zope-app01 {\n\tauth-type none\n\tinitiator-portal 10.0.40.21/32\n}");
    expect(ctl).toContain("target iqn.2011-01.lab.speeddaemons:zope-app01 {");
    expect(ctl).toContain("\t\tpath /tank/iscsi/zope-app01.img\n\t\tsize 50G\n");
    expect(ctl).not.toMatch(/chap/);
    expect(f.has("hosts/stor02/etc/ctl.conf")).toBe(false);
    expect([...f.keys()].some((p) => p.includes("istgt"))).toBe(false);
  });

  it("8.1: istgt.conf on the primary with a portal, initiator group and unit per target", () => {
    const f = files("8.1");
    expect([...f.keys()].some((p) => p.endsWith("ctl.conf"))).toBe(false);
    const conf = content(f, "hosts/stor01/usr/local/etc/istgt/istgt.conf");
    expect(conf).toContain("[PortalGroup1]\n  Comment \"storage network\"\n  Portal DA1 10.0.40.41:3260\n");
    expect(conf).toContain("[InitiatorGroup2]\n  Comment \"consumers of zope-app02\"\n  InitiatorName \"ALL\"\n  Netmask 10.0.40.22\n");
    expect(conf).toContain("  TargetName iqn.2011-01.lab.speeddaemons:zope-app02\n");
    expect(conf).toContain("  Mapping PortalGroup1 InitiatorGroup2\n  AuthMethod None\n");
    expect(conf).toContain("  LUN0 Storage /tank/iscsi/zope-app02.img 50GB\n");
    expect(f.has("hosts/stor01/usr/local/etc/istgt/auth.conf")).toBe(true);
  });

  it("gives the consumers fstab lines, iscsi.conf and the attach script", () => {
    for (const release of ["14.2", "8.1"] as const) {
      const f = files(release);
      expect(content(f, "hosts/app02/usr/local/etc/lab/fstab").split("\n").slice(1)).toEqual([
        "10.0.40.41:/tank/solr\t/var/db/solr\tnfs\trw,tcp,nfsv3,bg,intr\t0\t0",
        "10.0.40.41:/tank/blobs\t/var/db/zope/blobs\tnfs\trw,tcp,nfsv3,bg,intr\t0\t0",
        "/dev/ufs/zope-app02\t/var/db/zope/var\tufs\trw,noauto\t0\t0",
        "",
      ]);
      expect(content(f, "hosts/app02/etc/iscsi.conf")).toContain("zope-app02 {\n\tTargetAddress = 10.0.40.41:3260;\n\tTargetName = iqn.2011-01.lab.speeddaemons:zope-app02;\n}");
      const attach = content(f, "hosts/app02/usr/local/libexec/lab/iscsi-attach.sh");
      expect(attach).toContain("attach zope-app02 iqn.2011-01.lab.speeddaemons:zope-app02 zope-app02 zope-app02 /var/db/zope/var || failed=1");
      expect(attach).toContain(release === "8.1" ? 'iscontrol -c /etc/iscsi.conf -n "$1"' : 'iscsictl -A -n "$1"');
    }
    expect(files().has("hosts/db01/usr/local/etc/lab/fstab")).toBe(false);
  });
});

describe("safety and determinism", () => {
  it("rejects paths that would not stay one word", () => {
    expect(pathToken("/var/db/zope_var", "mountpoint")).toBe("/var/db/zope_var");
    expect(() => pathToken("/var/db/x $(reboot)", "mountpoint")).toThrow(/unsafe mountpoint/);
    expect(() => pathToken("relative/path", "mountpoint")).toThrow();
  });

  it("is byte-stable and sorted", () => {
    const a = generateStorage(referenceLab("8.1"), { provider: "bhyve" });
    const b = generateStorage(referenceLab("8.1"), { provider: "bhyve" });
    expect(a).toEqual(b);
    expect(a.map((x) => x.path)).toEqual([...a.map((x) => x.path)].sort());
  });
});
