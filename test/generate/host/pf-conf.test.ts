// pf.conf of the reference lab, read back with our parser and decided with our evaluator: default
// deny first, CARP and pfsync passed, and only the ports each tier serves, from the hosts that use them.
import { describe, expect, it } from "vitest";
import type { PfRule, PfRuleset } from "../../../src/formats/pf/ast.js";
import type { PfPacket } from "../../../src/formats/pf/evaluate.js";
import { evaluatePf } from "../../../src/formats/pf/evaluate.js";
import { parsePf } from "../../../src/formats/pf/parse.js";
import type { Release } from "../../../src/model/types.js";
import { generated, RELEASES } from "./support.js";

function pfOf(release: Release, host: string, provider: "virtualbox" | "libvirt" | "bhyve" = "virtualbox"): PfRuleset {
  const r = parsePf(generated(release, { provider }).text(host, "/etc/pf.conf"));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const tcp = (iface: string, src: string, dst: string, dstPort: number): PfPacket => ({ direction: "in", interface: iface, proto: "tcp", src, dst, dstPort });
const udp = (iface: string, src: string, dst: string, dstPort: number): PfPacket => ({ direction: "in", interface: iface, proto: "udp", src, dst, dstPort });

/** Every address of the reference lab's hosts, plus an outsider. */
const APP_NET = ["10.0.20.11", "10.0.20.12", "10.0.20.21", "10.0.20.22", "10.0.20.31", "10.0.20.32"];

for (const release of RELEASES) {
  describe(`pf.conf on ${release}`, () => {
    it("starts with set skip on lo0, then the default block, then pass out", () => {
      for (const host of ["proxy01", "app02", "db01", "stor02"]) {
        const statements = pfOf(release, host).statements.filter((s) => s.kind !== "comment" && s.kind !== "macro" && s.kind !== "table");
        expect(statements[0]).toStrictEqual({ kind: "set-skip", interfaces: [{ kind: "interface", name: "lo0", negated: false }] });
        expect(statements[1]).toStrictEqual({ kind: "rule", action: "block", direction: "in", log: true, quick: false, from: { hosts: [{ kind: "any" }] }, to: { hosts: [{ kind: "any" }] } });
        expect(statements[2]).toMatchObject({ action: "pass", direction: "out", state: { kind: "keep" } });
      }
      expect(generated(release).text("db01", "/etc/pf.conf")).toMatch(/\nset skip on lo0\n\n# Default deny[^\n]*\nblock in log all\npass out all keep state\n/);
    });

    it("db01: 3306 only from app01 and app02 (table <app_hosts>) on the app network, and from the peer for replication", () => {
      const pf = pfOf(release, "db01");
      expect(pf.statements).toContainEqual({ kind: "table", name: "app_hosts", flags: ["const"], entries: [
        { kind: "address", address: "10.0.20.21", negated: false }, { kind: "address", address: "10.0.20.22", negated: false },
      ] });
      const passed = APP_NET.filter((src) => evaluatePf(pf, tcp("lagg1", src, "10.0.20.30", 3306)).action === "pass");
      expect(passed).toEqual(["10.0.20.21", "10.0.20.22"]);
      expect(evaluatePf(pf, tcp("lagg1", "10.0.20.11", "10.0.20.31", 3306))).toMatchObject({ action: "block", log: true });
      expect(evaluatePf(pf, tcp("lagg1", "10.0.20.21", "10.0.20.31", 3306)).action).toBe("pass");
      expect(evaluatePf(pf, tcp("lagg0", "10.0.30.32", "10.0.30.31", 3306)).action).toBe("pass");
      expect(evaluatePf(pf, tcp("lagg0", "10.0.30.99", "10.0.30.31", 3306)).action).toBe("block");
      // Every rule that can pass 3306 names its sources: no `from any`.
      const rules3306 = pf.statements.filter((s): s is PfRule => s.kind === "rule" && s.action === "pass" && JSON.stringify(s.to.ports ?? []).includes("3306"));
      expect(rules3306.map((r) => r.from.hosts[0]!.kind)).toEqual(["table", "address"]);
    });

    it("proxies: 80/443 from anywhere on the public LAGG, varnish and haproxy not from outside, pfsync quick on em4, carp on lagg0", () => {
      const pf = pfOf(release, "proxy01");
      for (const port of [80, 443]) expect(evaluatePf(pf, tcp("lagg0", "198.51.100.7", "203.0.113.10", port)).action).toBe("pass");
      expect(evaluatePf(pf, tcp("lagg1", "10.0.20.21", "10.0.20.11", 80)).action).toBe("block");
      for (const port of [3180, 3380]) {
        expect(evaluatePf(pf, tcp("lagg0", "198.51.100.7", "203.0.113.11", port)).action).toBe("block");
        expect(evaluatePf(pf, tcp("lagg1", "10.0.20.12", "10.0.20.11", port)).action).toBe("block");
        expect(evaluatePf(pf, tcp("lo0", "127.0.0.1", "127.0.0.1", port))).toMatchObject({ action: "pass", skipped: true });
      }
      const pfsync = evaluatePf(pf, { direction: "in", interface: "em4", proto: "pfsync", src: "10.0.99.12", dst: "224.0.0.240" });
      expect(pfsync).toMatchObject({ action: "pass", quick: true });
      expect(pfsync.rule?.state?.options).toEqual(["no-sync"]);
      expect(evaluatePf(pf, { direction: "in", interface: "lagg1", proto: "pfsync", src: "10.0.20.12", dst: "224.0.0.240" }).action).toBe("block");
      expect(evaluatePf(pf, { direction: "in", interface: "lagg0", proto: "carp", src: "203.0.113.12", dst: "224.0.0.18" }).action).toBe("pass");
      expect(evaluatePf(pf, { direction: "in", interface: "lagg1", proto: "carp", src: "10.0.20.12", dst: "224.0.0.18" }).action).toBe("block");
    });

    it("app hosts: zope 8080-8088 only from the proxies, solr 6080 only from the app hosts", () => {
      const pf = pfOf(release, "app01");
      for (const port of [8080, 8084, 8088]) {
        expect(APP_NET.filter((src) => evaluatePf(pf, tcp("lagg0", src, "10.0.20.21", port)).action === "pass")).toEqual(["10.0.20.11", "10.0.20.12"]);
      }
      expect(evaluatePf(pf, tcp("lagg0", "10.0.20.11", "10.0.20.21", 8089)).action).toBe("block");
      expect(APP_NET.filter((src) => evaluatePf(pf, tcp("lagg0", src, "10.0.20.20", 6080)).action === "pass")).toEqual(["10.0.20.21", "10.0.20.22"]);
      expect(evaluatePf(pf, { direction: "in", interface: "lagg0", proto: "carp", src: "10.0.20.22", dst: "224.0.0.18" }).action).toBe("pass");
    });

    it("storage hosts: NFS (tcp and udp) and iSCSI only from the consumers, ssh for replication from the peer", () => {
      const pf = pfOf(release, "stor01");
      for (const port of [111, 2049, 4046]) {
        expect(evaluatePf(pf, tcp("lagg0", "10.0.40.21", "10.0.40.41", port)).action).toBe("pass");
        expect(evaluatePf(pf, udp("lagg0", "10.0.40.22", "10.0.40.41", port)).action).toBe("pass");
        expect(evaluatePf(pf, udp("lagg0", "10.0.40.99", "10.0.40.41", port)).action).toBe("block");
      }
      expect(evaluatePf(pf, tcp("lagg0", "10.0.40.22", "10.0.40.41", 3260)).action).toBe("pass");
      expect(evaluatePf(pf, tcp("lagg0", "10.0.40.42", "10.0.40.41", 3260)).action).toBe("block");
      expect(evaluatePf(pf, tcp("lagg0", "10.0.40.42", "10.0.40.41", 22)).action).toBe("pass");
      expect(evaluatePf(pf, udp("lagg0", "10.0.40.21", "10.0.40.41", 3260)).action).toBe("block");
    });

    it("ssh from the private networks and Vagrant's management network only; ping from anywhere", () => {
      for (const host of ["proxy02", "app02", "db02", "stor02"]) {
        const pf = pfOf(release, host);
        expect(evaluatePf(pf, tcp("lagg0", "10.0.40.9", "10.0.40.1", 22)).action).toBe("pass");
        expect(evaluatePf(pf, tcp("lagg0", "198.51.100.7", "10.0.40.1", 22)).action).toBe("block");
        expect(evaluatePf(pf, tcp("em9", "10.0.2.2", "10.0.2.15", 22)).action).toBe("pass");
        expect(evaluatePf(pf, { direction: "in", interface: "lagg0", proto: "icmp", src: "198.51.100.7", dst: "10.0.40.1", icmpType: "echoreq" }).action).toBe("pass");
      }
      const bhyve = pfOf(release, "db01", "bhyve");
      expect(evaluatePf(bhyve, tcp("em9", "10.0.2.2", "10.0.2.15", 22)).action).toBe("block");
      expect(evaluatePf(pfOf(release, "db01", "libvirt"), tcp("em9", "192.168.121.1", "192.168.121.5", 22)).action).toBe("pass");
    });
  });
}
