// The lab's mysql pair becomes a cluster: master writable, replica read-only and replicating; and the
// lost-id ranges stay merged.
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { createLabMysql } from "../../../src/sim/mysql/index.js";
import { RangeSet } from "../../../src/sim/mysql/range-set.js";
import { referenceLab } from "../../support/reference-lab.js";

describe("createLabMysql", () => {
  for (const release of ["14.2", "8.1"] as const) {
    it(`builds the reference lab's pair on ${release}`, () => {
      const engine = new Engine(1);
      const lab = referenceLab(release);
      const clusters = createLabMysql(engine, lab, () => true);
      const pair = lab.mysql[0];
      if (!pair) throw new Error("no mysql pair");
      const c = clusters.get(pair.name);
      if (!c) throw new Error("no cluster");
      engine.runUntil(seconds(1));
      expect(c.server(pair.master).writable).toBe(true);
      expect(c.server(pair.replica)).toMatchObject({ readOnly: true, superReadOnly: release === "14.2" });
      const io = release === "14.2" ? "Replica_IO_Running" : "Slave_IO_Running";
      expect(c.showReplicaStatus(pair.replica)?.[io]).toBe("Yes");
      expect(c.checker.verdict().ok).toBe(true);
    });
  }
});

describe("RangeSet", () => {
  it("merges ids into ranges whatever the order", () => {
    const r = new RangeSet();
    for (const id of [5, 6, 7, 1, 3, 2, 9, 4, 4]) r.add(id);
    expect(r.toArray()).toEqual([[1, 7], [9, 9]]);
    expect(r.size).toBe(8);
  });
});
