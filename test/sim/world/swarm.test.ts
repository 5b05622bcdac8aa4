// Random fault schedules (seeded) against the world: no exception, and invariants that hold at any
// instant: a LAGG is up exactly while a port is active, a powered-off host has every vhid in INIT,
// the VIP owner is a MASTER of its group, and healing everything converges to one master per group.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/engine/rng.js";
import { seconds } from "../../../src/sim/engine/time.js";
import type { World } from "../../../src/sim/world/world.js";
import { referenceLab, simulate } from "./sim-support.js";

type Fault = (w: World) => void;

function randomFault(r: Rng, w: World): { apply: Fault; heal: Fault; text: string } {
  const hosts = w.hosts().map((h) => h.hostName);
  const host = r.pick(hosts);
  const h = w.host(host);
  switch (r.int(0, 9)) {
    case 0: return { text: `power ${host}`, apply: (x) => x.powerOff(host), heal: (x) => x.powerOn(host) };
    case 1: return { text: `crash ${host}`, apply: (x) => x.crash(host), heal: (x) => x.powerOn(host) };
    case 2: return { text: `reboot ${host}`, apply: (x) => x.reboot(host), heal: () => {} };
    case 3: {
      const nic = r.pick([...h.net.nics.keys()]);
      return { text: `nic ${host} ${nic}`, apply: (x) => x.setNicLink(host, nic, false), heal: (x) => x.setNicLink(host, nic, true) };
    }
    case 4: {
      const lagg = r.pick([...h.net.laggs.keys()]);
      return { text: `lagg ${host} ${lagg}`, apply: (x) => x.setLaggLinks(host, lagg, false), heal: (x) => x.setLaggLinks(host, lagg, true) };
    }
    case 5: {
      const other = r.pick(hosts);
      return { text: `partition ${host}|${other}`, apply: (x) => x.partition([[host], [other]]), heal: (x) => x.healPartition() };
    }
    case 6: {
      const other = r.pick(hosts);
      return { text: `cut ${host}>${other}`, apply: (x) => x.setOneWayCut(host, other, true), heal: (x) => x.setOneWayCut(host, other, false) };
    }
    case 7: {
      const net = r.pick(w.lab.networks.map((n) => n.name));
      const loss = r.int(0, 100);
      return { text: `loss ${net} ${loss}`, apply: (x) => x.setLinkLoss(net, loss), heal: (x) => x.setLinkLoss(net, 0) };
    }
    case 8: {
      const names = h.services.names();
      if (!names.length) return { text: "noop", apply: () => {}, heal: () => {} };
      const svc = r.pick(names);
      const state = r.pick(["stopped", "crashed", "hung"] as const);
      return { text: `service ${host} ${svc} ${state}`, apply: (x) => x.setService(host, svc, state), heal: (x) => x.setService(host, svc, "running") };
    }
    default: {
      const n = r.pick([240, 100, 20]);
      return { text: `demote ${host} ${n}`, apply: (x) => x.carpDemote(host, n), heal: (x) => x.carpDemote(host, -n) };
    }
  }
}

function checkInvariants(w: World): void {
  for (const h of w.hosts()) {
    for (const lagg of h.net.laggs.values()) {
      const active = [...lagg.portState.values()].some((s) => s === "active");
      expect(lagg.state === "up", `${h.hostName} ${lagg.name}`).toBe(active && lagg.admin);
    }
    if (h.state === "off") for (const v of h.carp.vifs) expect(v.state).toBe("INIT");
  }
  for (const g of w.lab.carp) {
    const owner = w.vipOwner(g.name);
    if (owner) expect(w.host(owner).vif(g.name)!.state, `${g.name} owner ${owner}`).toBe("MASTER");
  }
}

describe("fault swarm", () => {
  for (const release of ["14.2", "8.1"] as const) {
    it(`${release}: 60 seeded schedules run without an exception and converge once healed`, () => {
      const lab = referenceLab(release);
      for (let seed = 1; seed <= 60; seed++) {
        const r = new Rng(seed);
        const run = simulate(lab, { bootTimeUs: seconds(r.int(1, 30)) }, seed);
        run.world.start();
        const heals: Fault[] = [];
        try {
          for (let i = 0; i < 8; i++) {
            const f = randomFault(r, run.world);
            const t = r.int(5, 200);
            run.at(t, () => {
              f.apply(run.world);
              checkInvariants(run.world);
            });
            heals.push(f.heal);
            run.at(t + r.int(1, 40) + 0.5, () => checkInvariants(run.world));
          }
          run.runTo(260);
          for (const heal of heals) heal(run.world);
          for (const h of run.world.hosts()) {
            run.world.powerOn(h.hostName);
            for (const s of h.services.names()) run.world.setService(h.hostName, s, "running");
          }
          // 65 s covers a pfsync bulk update that never got an answer
          run.runTo(400);
          checkInvariants(run.world);
          for (const g of lab.carp) {
            const masters = run.world.carpView().filter((v) => v.group === g.name && v.state === "MASTER");
            expect(masters.length, `${g.name}`).toBe(1);
            expect(run.world.vipOwner(g.name)).toBe(masters[0]!.host);
          }
        } catch (error) {
          throw new Error(`seed ${seed} (${release}): ${(error as Error).message}`);
        }
      }
    });
  }
});
