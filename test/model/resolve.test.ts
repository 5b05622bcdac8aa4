// resolve() on the reference lab: the address plan, CARP, MACs, disk devices, service defaults and the
// request chain come out as the talk's cluster needs them, and the same input gives the same output.

import { describe, expect, it } from "vitest";
import { resolve } from "../../src/model/resolve.js";
import { validateLab } from "../../src/model/validate.js";
import type { LabSecrets, ResolvedHost, ResolvedLab, ResolvedService, ResolvedServiceOf, ServiceKind } from "../../src/model/types.js";
import { referenceSpec } from "./reference-spec.js";

const secrets: LabSecrets = {
  carpPass: {},
  mysql: { rootPassword: "x", replicationPassword: "x", appPassword: "x" },
  ssh: { privateKey: "", publicKey: "" },
};

function resolveReference(): ResolvedLab {
  const v = validateLab(referenceSpec());
  if (!v.ok) throw new Error(`reference lab is invalid: ${JSON.stringify(v.diagnostics)}`);
  return resolve(v.lab, secrets);
}

const lab = resolveReference();

function host(name: string): ResolvedHost {
  const h = lab.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
}

function service<K extends ServiceKind>(hostName: string, kind: K): ResolvedServiceOf<K> {
  const s = host(hostName).services.find((x: ResolvedService) => x.kind === kind);
  if (!s) throw new Error(`${hostName} runs no ${kind}`);
  return s as ResolvedServiceOf<K>;
}

const addressOf = (hostName: string, iface: string) => host(hostName).interfaces.find((i) => i.name === iface)?.address;

describe("address plan of the reference lab", () => {
  it.each([
    ["proxy01", "lagg0", "public", "203.0.113.11"],
    ["proxy01", "lagg1", "app", "10.0.20.11"],
    ["proxy01", "em4", "pfsync", "10.0.99.11"],
    ["proxy02", "lagg0", "public", "203.0.113.12"],
    ["proxy02", "lagg1", "app", "10.0.20.12"],
    ["proxy02", "em4", "pfsync", "10.0.99.12"],
    ["app01", "lagg0", "app", "10.0.20.21"],
    ["app01", "lagg1", "storage", "10.0.40.21"],
    ["app02", "lagg0", "app", "10.0.20.22"],
    ["db01", "lagg0", "db", "10.0.30.31"],
    ["db01", "lagg1", "app", "10.0.20.31"],
    ["db02", "lagg1", "app", "10.0.20.32"],
    ["stor01", "lagg0", "storage", "10.0.40.41"],
    ["stor02", "lagg0", "storage", "10.0.40.42"],
  ] as const)("%s %s on %s is %s", (hostName, iface, network, address) => {
    const i = host(hostName).interfaces.find((x) => x.name === iface);
    expect(i).toMatchObject({ network, address, prefixLength: 24 });
  });

  it("gives every host exactly the interfaces it declares, LAGGs first", () => {
    expect(lab.hosts.map((h) => [h.name, h.interfaces.map((i) => `${i.kind}:${i.name}`)])).toEqual([
      ["proxy01", ["lagg:lagg0", "lagg:lagg1", "nic:em4"]],
      ["proxy02", ["lagg:lagg0", "lagg:lagg1", "nic:em4"]],
      ["app01", ["lagg:lagg0", "lagg:lagg1"]],
      ["app02", ["lagg:lagg0", "lagg:lagg1"]],
      ["db01", ["lagg:lagg0", "lagg:lagg1"]],
      ["db02", ["lagg:lagg0", "lagg:lagg1"]],
      ["stor01", ["lagg:lagg0"]],
      ["stor02", ["lagg:lagg0"]],
    ]);
  });

  it("resolves the networks with their masks", () => {
    expect(lab.networks.map((n) => [n.name, n.kind, n.network, n.prefixLength, n.netmask])).toEqual([
      ["public", "public", "203.0.113.0", 24, "255.255.255.0"],
      ["app", "private", "10.0.20.0", 24, "255.255.255.0"],
      ["db", "private", "10.0.30.0", 24, "255.255.255.0"],
      ["storage", "private", "10.0.40.0", 24, "255.255.255.0"],
      ["pfsync", "sync", "10.0.99.0", 24, "255.255.255.0"],
    ]);
  });

  it("plans the same addresses when the reference's explicit VIPs are left out", () => {
    const spec = referenceSpec();
    for (const g of spec.carp) delete g.address;
    const v = validateLab(spec);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const planned = resolve(v.lab, secrets);
    expect(planned.carp.map((g) => [g.name, g.address])).toEqual([["www", "203.0.113.10"], ["solr", "10.0.20.20"], ["mysql", "10.0.20.30"]]);
    expect(planned.hosts.map((h) => h.interfaces)).toEqual(lab.hosts.map((h) => h.interfaces));
  });
});

describe("CARP of the reference lab", () => {
  it("has the three VIPs with their vhids", () => {
    expect(lab.carp.map((g) => ({ name: g.name, vhid: g.vhid, network: g.network, address: g.address, prefixLength: g.prefixLength, advbase: g.advbase })))
      .toEqual([
        { name: "www", vhid: 1, network: "public", address: "203.0.113.10", prefixLength: 24, advbase: 1 },
        { name: "solr", vhid: 2, network: "app", address: "10.0.20.20", prefixLength: 24, advbase: 1 },
        { name: "mysql", vhid: 3, network: "app", address: "10.0.20.30", prefixLength: 24, advbase: 1 },
      ]);
  });

  it.each([
    ["www", "proxy01", "proxy02", "lagg0"],
    ["solr", "app01", "app02", "lagg0"],
    ["mysql", "db01", "db02", "lagg1"],
  ] as const)("%s: %s is the preferred master (advskew 0), %s the peer (advskew 100), on %s", (group, master, peer, iface) => {
    const g = lab.carp.find((x) => x.name === group)!;
    expect(g.members).toEqual([
      { host: master, advskew: 0, preempt: true, interface: iface },
      { host: peer, advskew: 100, preempt: true, interface: iface },
    ]);
    // The same membership seen from each host.
    for (const [name, advskew] of [[master, 0], [peer, 100]] as const) {
      expect(host(name).carp).toEqual([{ group, vhid: g.vhid, interface: iface, address: g.address, prefixLength: 24, advbase: 1, advskew }]);
      expect(host(name).carpPreempt).toBe(true);
    }
  });

  it("storage hosts are in no CARP group", () => {
    expect(host("stor01").carp).toEqual([]);
    expect(host("stor02").carp).toEqual([]);
  });
});

describe("MAC addresses", () => {
  const macs = lab.hosts.flatMap((h) => h.nics.map((n) => n.mac));

  it("every NIC gets one, all unique, locally administered unicast", () => {
    expect(macs).toHaveLength(30); // 5 + 5 on the proxies, 4 x 4 on app and db, 2 + 2 on storage
    expect(new Set(macs).size).toBe(macs.length);
    for (const mac of macs) {
      expect(mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    }
  });

  it("are deterministic: the same input gives the same MACs", () => {
    const again = resolveReference().hosts.flatMap((h) => h.nics.map((n) => n.mac));
    expect(again).toEqual(macs);
  });

  it("an explicit MAC is kept and no derived MAC repeats it", () => {
    const spec = referenceSpec();
    spec.hosts[0].nics[0].mac = "02:00:00:00:00:01";
    const other = resolve(spec, secrets);
    const all = other.hosts.flatMap((h) => h.nics.map((n) => n.mac));
    expect(other.hosts[0]!.nics[0]!.mac).toBe("02:00:00:00:00:01");
    expect(new Set(all).size).toBe(all.length);
  });

  it("LAGG ports name their LAGG and carry no address", () => {
    expect(host("proxy01").nics.map((n) => [n.name, n.lagg ?? null, n.network ?? null, n.address ?? null])).toEqual([
      ["em0", "lagg0", null, null],
      ["em1", "lagg0", null, null],
      ["em2", "lagg1", null, null],
      ["em3", "lagg1", null, null],
      ["em4", null, "pfsync", "10.0.99.11"],
    ]);
    expect(host("proxy01").laggs.map((l) => [l.name, l.protocol, l.ports])).toEqual([
      ["lagg0", "lacp", ["em0", "em1"]],
      ["lagg1", "lacp", ["em2", "em3"]],
    ]);
  });
});

describe("disks of stor01", () => {
  const stor01 = host("stor01");
  const device = (name: string) => stor01.disks.find((d) => d.name === name)?.device;

  it("SSDs are on SATA (adaN), spindles on SCSI (daN), numbered per bus", () => {
    expect(["os0", "os1"].map(device)).toEqual(["ada0", "ada1"]);
    expect(["log0", "log1"].map(device)).toEqual(["ada2", "ada3"]);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => device(`data${i}`))).toEqual(["da0", "da1", "da2", "da3", "da4", "da5", "da6"]);
  });

  it("zroot is a mirror of the OS disks; tank is raidz2 of da0..da6 with a mirrored log on ada2 ada3", () => {
    expect(stor01.pools).toEqual([
      { name: "zroot", vdevs: [{ type: "mirror", disks: ["os0", "os1"], devices: ["ada0", "ada1"] }] },
      {
        name: "tank",
        vdevs: [{
          type: "raidz2",
          disks: ["data0", "data1", "data2", "data3", "data4", "data5", "data6"],
          devices: ["da0", "da1", "da2", "da3", "da4", "da5", "da6"],
        }],
        log: { type: "mirror", disks: ["log0", "log1"], devices: ["ada2", "ada3"] },
      },
    ]);
  });

  it("a host without disks gets the default mirrored OS pool", () => {
    const spec = referenceSpec();
    delete spec.hosts[0].disks;
    delete spec.hosts[0].pools;
    const proxy01 = resolve(spec, secrets).hosts[0]!;
    expect(proxy01.disks.map((d) => d.device)).toEqual(["ada0", "ada1"]);
    expect(proxy01.pools).toEqual([{ name: "zroot", vdevs: [{ type: "mirror", disks: ["os0", "os1"], devices: ["ada0", "ada1"] }] }]);
  });
});

describe("service defaults", () => {
  it("haproxy checks: inter 2000 rise 2 fall 3", () => {
    expect(service("proxy01", "haproxy").check).toEqual({ interMs: 2000, rise: 2, fall: 3 });
  });

  it("varnish probe: interval 5s, timeout 2s, window 8, threshold 3", () => {
    expect(service("proxy01", "varnish").probe).toEqual({ intervalS: 5, timeoutS: 2, window: 8, threshold: 3 });
  });

  it("nginx passive checks: max_fails 1, fail_timeout 10", () => {
    const nginx = service("proxy01", "nginx");
    expect([nginx.maxFails, nginx.failTimeoutS]).toEqual([1, 10]);
    expect(nginx.workerProcesses).toBe(2);
  });

  it("explicit settings override one field and keep the other defaults", () => {
    const spec = referenceSpec();
    spec.hosts[0].services[2].check = { fall: 5 };
    spec.hosts[0].services[1].probe = { intervalS: 1 };
    const proxy01 = resolve(spec, secrets).hosts[0]!;
    const haproxy = proxy01.services.find((s) => s.kind === "haproxy") as ResolvedServiceOf<"haproxy">;
    const varnish = proxy01.services.find((s) => s.kind === "varnish") as ResolvedServiceOf<"varnish">;
    expect(haproxy.check).toEqual({ interMs: 2000, rise: 2, fall: 5 });
    expect(varnish.probe).toEqual({ intervalS: 1, timeoutS: 2, window: 8, threshold: 3 });
  });

  it("solr binds to the solr VIP, the rest to all addresses", () => {
    expect(service("app01", "solr")).toMatchObject({ bindAddress: "10.0.20.20", bindCarp: "solr", ports: [6080] });
    expect(service("app01", "zope")).toMatchObject({ bindAddress: "0.0.0.0", ports: [8080, 8081, 8082, 8083, 8084, 8085, 8086, 8087, 8088] });
    expect(service("proxy01", "nginx").bindAddress).toBe("0.0.0.0");
  });
});

describe("the request chain", () => {
  const chain = lab.chains[0]!;
  const hop = (from: ServiceKind, to: ServiceKind) => {
    const h = chain.hops.find((x) => x.from === from && x.to === to);
    if (!h) throw new Error(`no hop ${from} -> ${to}`);
    return h;
  };

  it("enters on the www VIP at nginx's ports", () => {
    expect(chain.entry).toEqual({ carp: "www", address: "203.0.113.10", ports: [80, 443] });
  });

  it("nginx -> varnish and varnish -> haproxy stay on each proxy (127.0.0.1)", () => {
    expect(hop("nginx", "varnish").callers).toEqual([
      { host: "proxy01", upstreams: [{ host: "proxy01", address: "127.0.0.1", port: 3180 }] },
      { host: "proxy02", upstreams: [{ host: "proxy02", address: "127.0.0.1", port: 3180 }] },
    ]);
    expect(hop("varnish", "haproxy").callers.map((c) => c.upstreams)).toEqual([
      [{ host: "proxy01", address: "127.0.0.1", port: 3380 }],
      [{ host: "proxy02", address: "127.0.0.1", port: 3380 }],
    ]);
  });

  it("haproxy -> zope lists 18 upstreams on each proxy: 9 ports x 2 app hosts, on the app network", () => {
    const callers = hop("haproxy", "zope").callers;
    expect(callers.map((c) => c.host)).toEqual(["proxy01", "proxy02"]);
    const expected = ["app01", "app02"].flatMap((h) => Array.from({ length: 9 }, (_, i) => ({
      host: h, address: addressOf(h, "lagg0"), port: 8080 + i,
    })));
    for (const caller of callers) {
      expect(caller.upstreams).toHaveLength(18);
      expect(caller.upstreams).toEqual(expected);
    }
    expect(expected[0]!.address).toBe("10.0.20.21");
    expect(expected[9]!.address).toBe("10.0.20.22");
  });

  it("zope reaches mysql and solr through their VIPs", () => {
    expect(hop("zope", "mysql")).toEqual({
      from: "zope", to: "mysql", via: "mysql",
      callers: [
        { host: "app01", upstreams: [{ address: "10.0.20.30", port: 3306 }] },
        { host: "app02", upstreams: [{ address: "10.0.20.30", port: 3306 }] },
      ],
    });
    expect(hop("zope", "solr").callers.map((c) => [c.host, c.upstreams])).toEqual([
      ["app01", [{ address: "10.0.20.20", port: 6080 }]],
      ["app02", [{ address: "10.0.20.20", port: 6080 }]],
    ]);
  });
});

describe("MySQL and storage pairs", () => {
  it("mysql clients are exactly app01 and app02", () => {
    expect(lab.mysql).toHaveLength(1);
    expect(lab.mysql[0]!.clients).toEqual(["app01", "app02"]);
  });

  it("the MySQL pair uses the mysql VIP, server ids 1/2 and the defaults", () => {
    expect(lab.mysql[0]).toEqual({
      name: "plone", master: "db01", replica: "db02", carp: "mysql", vip: "10.0.20.30", port: 3306,
      semiSync: false, semiSyncTimeoutMs: 10000, replicationUser: "repl", serverIds: { db01: 1, db02: 2 }, clients: ["app01", "app02"],
    });
  });

  it("storage replicates stor01 -> stor02 on the storage network and serves NFS/iSCSI from stor01", () => {
    const tank = lab.storage[0]!;
    expect(tank.replicationTarget).toBe("10.0.40.42");
    expect(tank.replicationEveryS).toBe(300);
    expect(tank.snapshots.map((s) => [s.label, s.everyS, s.keepS, s.retained])).toEqual([
      ["5m", 300, 3600, 12], ["15m", 900, 86400, 96], ["1h", 3600, 604800, 168],
    ]);
    expect(tank.nfs.map((e) => [e.path, e.server, e.cidr])).toEqual([
      ["tank/solr", "10.0.40.41", "10.0.40.0/24"], ["tank/blobs", "10.0.40.41", "10.0.40.0/24"],
    ]);
    expect(tank.iscsi.map((t) => [t.iqn, t.file, t.server])).toEqual([
      ["iqn.2011-01.lab.speeddaemons:zope-app01", "/tank/iscsi/zope-app01.img", "10.0.40.41"],
      ["iqn.2011-01.lab.speeddaemons:zope-app02", "/tank/iscsi/zope-app02.img", "10.0.40.41"],
    ]);
  });
});

describe("determinism", () => {
  it("resolving twice gives deep-equal results", () => {
    expect(resolveReference()).toEqual(resolveReference());
    expect(resolve(referenceSpec(), secrets)).toEqual(lab);
  });

  it("resolve does not modify its input", () => {
    const spec = referenceSpec();
    const before = JSON.stringify(spec);
    resolve(spec, secrets);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("passes the secrets through and applies the top-level defaults", () => {
    expect(lab.secrets).toBe(secrets);
    expect(lab.release).toBe("14.2");
    expect(lab.traffic.dailyCurve).toHaveLength(24);
    expect(lab.requirements.uptimePercent).toBe(99.9);
  });
});
