// The numbers of a MySQL query from an app host: service times of a read and of a durable commit,
// and how long a client waits for a server that does not answer. One-way network times come from
// the world's segments (100 µs per hop by default, plus link-delay faults).

import type { World } from "../world/world.js";
import { DEFAULT_LINK_LATENCY_US } from "../net/segment.js";
import { US_PER_MS, US_PER_S, type Micros } from "../engine/time.js";

/** A read: RelStorage's load query by primary key, an InnoDB buffer-pool hit (512 MB pool), ~1 ms. */
export const READ_SERVICE_US: Micros = 1 * US_PER_MS;

/**
 * A write's commit with sync_binlog=1 and innodb_flush_log_at_trx_commit=1 (the generated my.cnf):
 * the binlog and the redo log are fsync'd at each commit (group commit), ~1 ms each on a VM disk,
 * plus the statement itself: 3 ms.
 */
export const WRITE_SERVICE_US: Micros = 3 * US_PER_MS;

/**
 * How long a client waits for a server that does not answer. RelStorage passes no connect_timeout or
 * read_timeout to MySQLdb (the generated zope.conf sets none), so libmysqlclient leaves a connection
 * attempt to the kernel: FreeBSD gives up on an unanswered SYN after net.inet.tcp.keepinit, 75 s
 * (tcp(4)). A hung mysqld completes the handshake and never sends its greeting: with no read
 * timeout the client would wait forever; the plane ends such a query at the same 75 s so that
 * callers see it end (the web chain's own timeouts cut the request sooner).
 */
export const CLIENT_TIMEOUT_US: Micros = 75 * US_PER_S;

interface SegmentsView {
  readonly bus?: { segment(network: string): { transitUs(): Micros } };
}

/**
 * One-way time of a frame on `network` now (latency plus a link-delay fault). Why the structural read:
 * the World interface has no accessor for a segment's latency; the simulated world keeps its segments
 * on `bus`, and a world without one gets FreeBSD-on-a-switch's default.
 */
export function transitUs(world: World, network: string | undefined): Micros {
  const bus = (world as unknown as SegmentsView).bus;
  if (!bus || network === undefined) return DEFAULT_LINK_LATENCY_US;
  return bus.segment(network).transitUs();
}
