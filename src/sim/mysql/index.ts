// The MySQL replication model's public surface.

export { MysqlCluster, type MysqlHook, type MysqlHostHooks, type MysqlServerSpec, type PeerAnswer } from "./cluster.js";
export { createLabMysql } from "./from-lab.js";
export { DRAIN_POLLS } from "./hooks.js";
export { secondsBehindSource, type ReplicaStatus } from "./replica-status.js";
export { READ_ONLY_CAUSE, REFUSED_CAUSE, TIMEOUT_CAUSE, type MysqlServer } from "./server.js";
export { defaultMysqlOptions, type HookResult, type MysqlOptions, type MysqlRelease, type ServerState, type WriteOutcome } from "./types.js";
export type { WritableVerdict, SplitBrain, WritableOverlap } from "./writable-checker.js";
export type { WriteCounts } from "./write-ledger.js";
