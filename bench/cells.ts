// A large lab for benchmarks and scale tests: `count` copies of the reference lab's eight-host cell,
// each with its own networks, CARP groups, chain, MySQL pair and storage pair.
import reference from "../Vagrantfile.js";
import type { LabSpec } from "../src/model/types.js";

export function cellLab(count: number): LabSpec {
  const base = JSON.parse(JSON.stringify(reference)) as any;
  const lab: any = { name: `cells-${count}`, release: base.release, networks: [], hosts: [], carp: [], chains: [], mysql: [], storage: [] };
  for (let i = 1; i <= count; i++) {
    const p = `c${String(i).padStart(3, "0")}-`;
    const rename = (name: string) => p + name;
    const octet = (cidr: string) => {
      const [a, , c] = cidr.split("/")[0]!.split(".");
      // public 203.0.113.0/24 -> 100.64.i.0/24; 10.0.X.0/24 -> 10.X.i.0/24
      return a === "203" ? `100.64.${i}.0/24` : `10.${c}.${i}.0/24`;
    };
    const addr = (old: string) => {
      const [a, , c, d] = old.split(".");
      return a === "203" ? `100.64.${i}.${d}` : `10.${c}.${i}.${d}`;
    };
    for (const n of base.networks) lab.networks.push({ ...n, name: rename(n.name), cidr: octet(n.cidr) });
    for (const h of base.hosts) {
      lab.hosts.push({
        ...h, name: rename(h.name),
        nics: h.nics.map((n: any) => (n.network ? { ...n, network: rename(n.network) } : n)),
        laggs: h.laggs.map((l: any) => ({ ...l, network: rename(l.network) })),
        services: h.services.map((s: any) => (s.bind?.startsWith("carp:") ? { ...s, bind: `carp:${rename(s.bind.slice(5))}` } : s)),
      });
    }
    for (const g of base.carp) {
      lab.carp.push({ ...g, name: rename(g.name), network: rename(g.network), address: addr(g.address), members: g.members.map((m: any) => ({ ...m, host: rename(m.host) })) });
    }
    for (const c of base.chains) {
      lab.chains.push({ name: rename(c.name), entry: rename(c.entry), hops: c.hops.map((h: any) => ({ ...h, ...(h.via ? { via: rename(h.via) } : {}), ...(h.hosts ? { hosts: h.hosts.map(rename) } : {}) })) });
    }
    for (const m of base.mysql) lab.mysql.push({ ...m, name: rename(m.name), master: rename(m.master), replica: rename(m.replica), carp: rename(m.carp) });
    for (const s of base.storage) {
      const consumers = (list: any[]) => list.map((c) => ({ ...c, host: rename(c.host) }));
      lab.storage.push({
        ...s, name: rename(s.name), primary: rename(s.primary), replica: rename(s.replica),
        nfs: s.nfs.map((e: any) => ({ ...e, network: rename(e.network), consumers: consumers(e.consumers) })),
        iscsi: s.iscsi.map((t: any) => ({ ...t, name: rename(t.name), consumers: consumers(t.consumers) })),
      });
    }
  }
  lab.requirements = base.requirements;
  lab.traffic = base.traffic;
  return lab as LabSpec;
}
