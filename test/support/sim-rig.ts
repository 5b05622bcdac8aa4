// A simulated world as startSimulation builds it (generated host files, ifstated daemons), without
// the services plane, for tests of one services part at a time.
import { generateHostNetwork } from "../../src/generate/host/index.js";
import type { ResolvedLab } from "../../src/model/types.js";
import { Engine } from "../../src/sim/engine/engine.js";
import { IfstatedDaemon } from "../../src/sim/ifstated/daemon.js";
import { ifstatedConfigs } from "../../src/sim/ifstated/configs.js";
import { buildWorld, type World } from "../../src/sim/world/world.js";

export function simRig(lab: ResolvedLab, seed = 1): { engine: Engine; world: World } {
  const engine = new Engine(seed);
  const files = generateHostNetwork(lab, { provider: "virtualbox" });
  const configs = ifstatedConfigs(lab, files);
  const world = buildWorld(lab, engine, {
    files,
    daemons: (host) => {
      const config = configs.get(host.hostName);
      return config ? [new IfstatedDaemon(engine, host.hostName, config, host)] : [];
    },
  });
  return { engine, world };
}
