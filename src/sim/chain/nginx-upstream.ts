// nginx's passive upstream failure detection (ngx_http_upstream_round_robin.c): max_fails failed
// attempts mark a server unavailable for fail_timeout; a group of one server is never marked.

import type { Engine, Timer } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { ResolvedServiceOf } from "../../model/types.js";

export interface NginxUpstreamConfig {
  readonly host: string;
  readonly upstream: string;
  readonly maxFails: number;
  readonly failTimeoutS: number;
}

export type NginxPeerState = "available" | "unavailable";

interface Peer {
  readonly name: string;
  fails: number;
  accessedUs: Micros;
  checkedUs: Micros;
  marked: boolean;
  timer?: Timer;
}

/** The generated nginx.conf's upstream "varnish" with the model's max_fails / fail_timeout. */
export function nginxUpstreamConfig(host: string, service: ResolvedServiceOf<"nginx">, upstream = "varnish"): NginxUpstreamConfig {
  return { host, upstream, maxFails: service.maxFails, failTimeoutS: service.failTimeoutS };
}

export class NginxUpstream {
  private readonly peers: Peer[];
  private next = 0;

  constructor(
    private readonly engine: Engine,
    readonly config: NginxUpstreamConfig,
    servers: readonly string[],
  ) {
    if (servers.length === 0) throw new Error(`nginx upstream ${config.upstream}: no servers`);
    this.peers = servers.map((name) => ({ name, fails: 0, accessedUs: 0, checkedUs: 0, marked: false }));
  }

  /** peers->single: nginx skips max_fails/fail_timeout for a one-server group. */
  get single(): boolean {
    return this.peers.length === 1;
  }

  /** Whether get_peer would consider this server now. */
  state(server: string): NginxPeerState {
    const p = this.peer(server);
    return this.single || !this.isFailed(p) ? "available" : "unavailable";
  }

  /** Round robin over available servers; undefined = "no live upstreams" (nginx answers 502). */
  pick(exclude: readonly string[] = []): string | undefined {
    const n = this.peers.length;
    if (this.single) {
      const only = this.peers[0]!;
      return exclude.includes(only.name) ? undefined : only.name;
    }
    const now = this.engine.now;
    for (let k = 0; k < n; k++) {
      const p = this.peers[(this.next + k) % n]!;
      if (exclude.includes(p.name) || this.isFailed(p)) continue;
      this.next = (this.next + k + 1) % n;
      // A server past its fail_timeout gets a fresh window when chosen again.
      if (now - p.checkedUs > seconds(this.config.failTimeoutS)) p.checkedUs = now;
      return p.name;
    }
    return undefined;
  }

  /** An attempt failed per proxy_next_upstream (error, timeout). */
  reportFailure(server: string): void {
    if (this.single) return;
    const p = this.peer(server);
    const now = this.engine.now;
    p.fails++;
    p.accessedUs = now;
    p.checkedUs = now;
    if (this.config.maxFails > 0 && p.fails >= this.config.maxFails) this.mark(p, `${p.fails} failed attempt(s) within ${this.config.failTimeoutS}s`);
  }

  /** An attempt succeeded: a success after the last failure's window clears the count. */
  reportSuccess(server: string): void {
    if (this.single) return;
    const p = this.peer(server);
    if (p.accessedUs < p.checkedUs) p.fails = 0;
  }

  private isFailed(p: Peer): boolean {
    return this.config.maxFails > 0 && p.fails >= this.config.maxFails && this.engine.now - p.checkedUs <= seconds(this.config.failTimeoutS);
  }

  // Traces the transition and when nginx will try the server again (fail_timeout after the last failure).
  private mark(p: Peer, reason: string): void {
    p.timer?.cancel();
    if (!p.marked) {
      p.marked = true;
      this.emit(p, "available", "unavailable", reason);
    }
    p.timer = this.engine.at(p.checkedUs + seconds(this.config.failTimeoutS) + 1, () => {
      p.marked = false;
      this.emit(p, "unavailable", "available", `fail_timeout ${this.config.failTimeoutS}s expired`);
    });
  }

  private emit(p: Peer, from: NginxPeerState, to: NginxPeerState, reason: string): void {
    this.engine.emit({ type: "nginx.upstream", host: this.config.host, upstream: this.config.upstream, server: p.name, from, to, reason });
  }

  private peer(server: string): Peer {
    const p = this.peers.find((x) => x.name === server);
    if (!p) throw new Error(`nginx upstream ${this.config.upstream}: no server ${server}`);
    return p;
  }
}
