// A simulated world as startSimulation builds it (generated host files, ifstated daemons), without
// the services plane, for tests of one services part at a time.
import type { ResolvedLab } from "../../src/model/types.js";
import { Engine } from "../../src/sim/engine/engine.js";
import { buildLabWorld } from "../../src/sim/run.js";
import type { World } from "../../src/sim/world/world.js";

export function simRig(lab: ResolvedLab, seed = 1): { engine: Engine; world: World } {
  const engine = new Engine(seed);
  return { engine, world: buildLabWorld(lab, engine) };
}
