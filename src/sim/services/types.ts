// The contracts between the services plane's parts: the web chain (web-chain.ts), MySQL pairs
// (database.ts), ZFS storage with NFS/iSCSI (storage.ts) and the plane that wires them into the world
// (plane.ts). Each part is built from a PlaneContext and answers its consumers asynchronously on the
// engine; views are plain data for the summary, `lab status` and the console.

import type { ResolvedLab } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { World } from "../world/world.js";

export interface PlaneContext {
  readonly engine: Engine;
  readonly lab: ResolvedLab;
  readonly world: World;
}

/** How one call to a backing service (a query, an NFS/iSCSI operation) ended. */
export interface CallResult {
  readonly ok: boolean;
  /** From the call to the answer (or to the failure being noticed: a timeout takes its time). */
  readonly latencyUs: Micros;
  /** Why it failed, in the request chain's cause vocabulary ("database read-only", "connection refused", "timeout", "NFS server not responding", ...). */
  readonly cause?: string;
}

// --- MySQL ----------------------------------------------------------------------------------------

export interface DbServerView {
  readonly host: string;
  readonly process: "running" | "stopped" | "crashed" | "hung";
  /** "source" = writable master, "replica", "fenced" = read-only without replication, "down". */
  readonly role: "source" | "replica" | "fenced" | "down";
  readonly readOnly: boolean;
  readonly superReadOnly: boolean;
  /** Replica threads (undefined when the server replicates from no source). */
  readonly io?: "Yes" | "No" | "Connecting";
  readonly sql?: "Yes" | "No";
  /** Seconds_Behind_Source as the server prints it (null = NULL). */
  readonly secondsBehind?: number | null;
  readonly source?: string;
  readonly binlogPosition: string;
}

export interface DbPairView {
  readonly pair: string;
  readonly vip: string;
  readonly semiSync: boolean;
  readonly servers: readonly DbServerView[];
}

export interface DbPairSummary {
  readonly pair: string;
  readonly semiSync: boolean;
  /** Write accounting (WriteCounts of src/sim/mysql): committed, replicated, applied, lost... */
  readonly writes: {
    readonly attempted: number;
    readonly committed: number;
    readonly rejected: number;
    readonly replicated: number;
    readonly applied: number;
    readonly lost: number;
    readonly lostAcknowledged: number;
    readonly notYetFetched: number;
    readonly rejectedByCause: Readonly<Record<string, number>>;
  };
  /** The lost write ids as inclusive ranges, so a test can recompute the count. */
  readonly lostRanges: readonly { readonly from: number; readonly to: number }[];
  /** Largest Seconds_Behind_Source seen (sampled every second) and the value at the end. */
  readonly maxReplicaLagS: number;
  readonly finalReplicaLagS: number | null;
  readonly promotions: readonly { readonly atS: number; readonly host: string; readonly ok: boolean; readonly message: string }[];
  /** The two-writers checker: at most one writable MySQL at a time; writes accepted by two masters. */
  readonly checker: { readonly ok: boolean; readonly violations: readonly { readonly startS: number; readonly endS: number | null; readonly message: string }[] };
}

export interface DatabasePlaneApi {
  /**
   * One query from an app host to the pair's VIP (the app's DSN): reads go to whoever owns the VIP;
   * writes must find a writable server there ("database read-only" otherwise).
   */
  query(pair: string, fromHost: string, kind: "read" | "write", done: (result: CallResult & { readonly writeId?: number }) => void): void;
  pairs(): readonly string[];
  view(): DbPairView[];
  summary(): DbPairSummary[];
}

// --- ZFS storage, NFS and iSCSI -------------------------------------------------------------------

export interface PoolView {
  readonly host: string;
  readonly pool: string;
  readonly state: "ONLINE" | "DEGRADED" | "FAULTED" | "UNAVAIL" | "OFFLINE" | "REMOVED";
  readonly failedDisks: readonly string[];
  /** "resilver in progress, 42% done" / "resilvered ... with 0 errors" / undefined. */
  readonly scan?: string;
  readonly full: boolean;
  /** Imported on its host (false while the host is off or the import failed). */
  readonly imported?: boolean;
}

export interface StoragePairView {
  readonly pair: string;
  readonly primary: string;
  readonly replica: string;
  readonly newestSnapshot?: string;
  readonly newestOnReplica?: string;
  /** Age of the newest snapshot on the replica, seconds (undefined before the first replication). */
  readonly rpoS?: number;
  readonly replicating: boolean;
}

export interface StorageSummary {
  readonly pools: readonly PoolView[];
  readonly pairs: readonly (StoragePairView & {
    /** Largest RPO seen once the first replication finished, seconds. */
    readonly maxRpoS?: number;
    readonly snapshotsTaken: number;
    readonly replications: number;
    /** Replication runs that failed (unreachable replica, link lost mid-send, receive refused). */
    readonly replicationFailures?: number;
    readonly lastReplicationError?: string;
    /**
     * At each promotion: the data written on the old primary since the newest replicated snapshot.
     * kind "promote" = storage-promote (emergency takeover); "switchover" = storage-demote (planned, loses
     * nothing; ok false when it was refused or failed, message says why). `host` is the new primary.
     */
    readonly promotions: readonly {
      readonly atS: number;
      readonly host: string;
      readonly lostBytes: number;
      readonly lostSinceS: number | undefined;
      readonly kind?: "promote" | "switchover";
      readonly ok?: boolean;
      readonly message?: string;
    }[];
  })[];
  /** NFS / iSCSI operations that failed, by consumer host and mountpoint. */
  readonly exportFailures: Readonly<Record<string, number>>;
  /** The same failures by cause ("NFS server not responding", "pool unavailable", ...). */
  readonly failuresByCause?: Readonly<Record<string, number>>;
}

export interface StoragePlaneApi {
  /**
   * One operation by a consumer on a mounted export (NFS or iSCSI): `mountpoint` as in the lab's
   * consumers ("/var/db/solr"). Fails visibly ("NFS server not responding", "iSCSI target
   * unavailable", "pool unavailable", "No space left on device") instead of succeeding silently.
   */
  io(host: string, mountpoint: string, kind: "read" | "write", bytes: number, done: (result: CallResult) => void): void;
  view(): { readonly pools: PoolView[]; readonly pairs: StoragePairView[] };
  summary(): StorageSummary;
}
