import { describe, expect, it } from "vitest";
import { parseFaultWithoutTime, validateFault, formatFault } from "../../src/faults/index.js";
import { faultMenuEntries } from "../../src/tui/present/fault-menu.js";
import { referenceLab } from "../support/reference-lab.js";
import { healthyView, withHost } from "./fixtures/cluster-view.js";

const lab = referenceLab();
const view = healthyView(lab);

function texts(v = view, host = "proxy01"): string[] {
  return faultMenuEntries(v, host).map((e) => (e.effect.kind === "inject" ? e.effect.text : "?"));
}

describe("fault menu", () => {
  it("offers the selected host's own power, NICs, LAGGs, services and disks, nothing else", () => {
    const spec = lab.hosts.find((h) => h.name === "proxy01")!;
    const disks = spec.pools.flatMap((p) => p.vdevs.flatMap((v) => v.devices));
    const expected = [
      "power-off proxy01", "crash proxy01", "reboot proxy01",
      ...spec.nics.map((n) => `nic-down proxy01 ${n.name}`),
      ...spec.laggs.map((l) => `lagg-down proxy01 ${l.name}`),
      ...spec.services.flatMap((s) => ["stop", "crash", "hang"].map((k) => `service-${k} proxy01 ${s.kind}`)),
      ...disks.flatMap((d) => [`disk-fail proxy01 ${d}`, `slow-disk proxy01 ${d} 10x`]),
      ...spec.pools.map((p) => `pool-full proxy01 ${p.name}`),
    ];
    expect(disks.length).toBeGreaterThan(0);
    expect(texts()).toEqual(expected);
  });

  it("offers a storage host's disks and pools, and a replica's threads", () => {
    const stor = lab.hosts.find((h) => h.name === "stor01")!;
    const disks = stor.pools.flatMap((p) => [...p.vdevs, ...(p.log ? [p.log] : [])].flatMap((v) => v.devices));
    const t = texts(view, "stor01");
    for (const d of disks) expect(t).toEqual(expect.arrayContaining([`disk-fail stor01 ${d}`, `slow-disk stor01 ${d} 10x`]));
    expect(t.filter((x) => x.startsWith("disk-fail"))).toHaveLength(disks.length);
    for (const p of stor.pools) expect(t).toContain(`pool-full stor01 ${p.name}`);
    const replica = lab.mysql[0]!.replica;
    expect(texts(view, replica)).toContain(`replica-stop ${replica}`);
    expect(texts(view, lab.mysql[0]!.master).some((x) => x.startsWith("replica-"))).toBe(false);
  });

  it("every entry is a real fault of the lab: it parses, round-trips and validates", () => {
    for (const h of lab.hosts) {
      for (const text of texts(view, h.name)) {
        const parsed = parseFaultWithoutTime(text);
        expect(parsed.ok, text).toBe(true);
        if (!parsed.ok) continue;
        expect(formatFault(parsed.value)).toBe(text);
        expect(validateFault(parsed.value, lab), text).toEqual([]);
      }
    }
  });

  it("offers the repair of a part that is already broken", () => {
    const broken = withHost(view, "proxy01", (h) => ({
      ...h,
      nics: h.nics.map((n) => (n.name === "em4" ? { ...n, link: "down" as const } : n)),
      services: h.services.map((s) => (s.name === "haproxy" ? { ...s, state: "hung" as const } : s)),
    }));
    const t = texts(broken);
    expect(t).toContain("nic-up proxy01 em4");
    expect(t).not.toContain("nic-down proxy01 em4");
    expect(t).toContain("service-start proxy01 haproxy");
    expect(t.filter((x) => x.endsWith(" haproxy"))).toEqual(["service-start proxy01 haproxy"]);
    const failedDisk = { ...view, storage: { ...view.storage, pools: view.storage.pools.map((p) => (p.host === "stor01" ? { ...p, state: "DEGRADED" as const, failedDisks: ["da3"] } : p)) } };
    expect(texts(failedDisk, "stor01")).toContain("disk-replace stor01 da3");
    expect(texts(failedDisk, "stor01")).not.toContain("disk-fail stor01 da3");
  });

  it("a host that is off only offers power-on; an unknown host nothing", () => {
    expect(texts(withHost(view, "app02", (h) => ({ ...h, power: "off" })), "app02")).toEqual(["power-on app02"]);
    expect(faultMenuEntries(view, "nohost")).toEqual([]);
  });
});
