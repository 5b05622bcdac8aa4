// Builds one MysqlCluster per mysql pair of the resolved lab (master, replica, server ids, semi-sync).

import type { ResolvedLab } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { MysqlCluster } from "./cluster.js";
import { defaultMysqlOptions, type MysqlOptions } from "./types.js";

export function createLabMysql(
  engine: Engine,
  lab: ResolvedLab,
  reachable: MysqlOptions["reachable"],
  overrides: Partial<Omit<MysqlOptions, "release" | "reachable">> = {},
): Map<string, MysqlCluster> {
  const out = new Map<string, MysqlCluster>();
  for (const pair of lab.mysql) {
    const options: MysqlOptions = {
      ...defaultMysqlOptions(lab.release, reachable),
      semiSync: pair.semiSync,
      semiSyncTimeoutMs: pair.semiSyncTimeoutMs,
      ...overrides,
    };
    out.set(pair.name, new MysqlCluster(engine, options, [
      { host: pair.master, serverId: pair.serverIds[pair.master] ?? 1, role: "master" },
      { host: pair.replica, serverId: pair.serverIds[pair.replica] ?? 2, role: "replica" },
    ]));
  }
  return out;
}
