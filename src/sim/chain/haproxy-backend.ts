// An HAProxy backend: per-server HTTP health checks (inter/rise/fall), cookie stickiness, roundrobin
// among UP servers, per-server maxconn with queueing, retries with redispatch, 503 without servers.

import type { Engine } from "../engine/engine.js";
import { US_PER_MS, type Micros } from "../engine/time.js";
import type { ResolvedServiceOf } from "../../model/types.js";
import { HealthCounter, type HaproxyServerState } from "./health-counter.js";
import type { Done, HopOutcome, ProbeResult, Served } from "./types.js";
import { WaitQueue, type Queued } from "./wait-queue.js";

export interface HaproxyConfig {
  readonly host: string;
  readonly backend: string;
  readonly interMs: number;
  readonly rise: number;
  readonly fall: number;
  readonly cookie: string;
  readonly redispatch: boolean;
  readonly maxconnPerServer: number;
  readonly retries: number;
  readonly timeoutConnectMs: number;
  readonly timeoutServerMs: number;
  readonly timeoutQueueMs: number;
  /** `timeout check`; unset (as generated) the whole check must finish within `inter`. */
  readonly timeoutCheckMs?: number;
}

export interface HaproxyServerSpec {
  readonly name: string;
  readonly cookie: string;
}

export interface HaproxyRequest {
  /** The SERVERID cookie the client sent, if any. */
  readonly cookie?: string;
  /** What the request is, for the server that answers it (HAProxy itself ignores it). */
  readonly payload?: unknown;
}

export interface HaproxyResult {
  /** 500: the server's own error page, passed through as HAProxy does. */
  readonly status: 200 | 500 | 502 | 503 | 504;
  readonly latencyUs: Micros;
  readonly queueUs: Micros;
  readonly server?: string;
  /** Set-Cookie SERVERID value (insert mode: when the client did not already carry this server's). */
  readonly setCookie?: string;
  /** Why it failed: "no server available", "queue timeout", "connection refused", "server timeout", "bad response". */
  readonly cause?: string;
}

/** Forwards one request to a server; the callee answers with the hop outcome. */
export type HaproxyForward = (server: string, timeoutUs: Micros, done: Done<Served>, request: HaproxyRequest) => void;

/** One health check against a server (called when the check starts). */
export type HaproxyProbe = (server: string) => ProbeResult;

/** The generated haproxy.conf's values: the model's check/cookie/maxconn plus the fixed defaults section. */
export function haproxyConfig(host: string, service: ResolvedServiceOf<"haproxy">): HaproxyConfig {
  return {
    host,
    backend: "zope",
    interMs: service.check.interMs,
    rise: service.check.rise,
    fall: service.check.fall,
    cookie: service.cookie,
    redispatch: service.redispatch,
    maxconnPerServer: service.maxconnPerServer,
    retries: 3,
    timeoutConnectMs: 5_000,
    timeoutServerMs: 60_000,
    timeoutQueueMs: 30_000,
  };
}

interface Waiting extends Queued {
  readonly request: HaproxyRequest;
  readonly arrivedUs: Micros;
  readonly done: Done<HaproxyResult>;
  /** Set when the request was queued at least once (its queue time is then reported). */
  wasQueued: boolean;
}

interface Server {
  readonly spec: HaproxyServerSpec;
  readonly health: HealthCounter;
  active: number;
  readonly queue: WaitQueue<Waiting>;
}

// HAProxy's check status strings (the "reason" of a transition).
const CHECK_REASON: Record<ProbeResult, string> = {
  ok: "Layer7 check passed",
  refused: "Layer4 connection problem: Connection refused",
  timeout: "Layer7 timeout",
  "http-error": "Layer7 wrong status",
};

export class HaproxyBackend {
  private readonly servers: Server[];
  private readonly byName = new Map<string, Server>();
  private readonly byCookie = new Map<string, Server>();
  private readonly backendQueue: WaitQueue<Waiting>;
  private rrNext = 0;
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    readonly config: HaproxyConfig,
    servers: readonly HaproxyServerSpec[],
    private readonly probe: HaproxyProbe,
    private readonly forward: HaproxyForward,
  ) {
    const timeoutUs = config.timeoutQueueMs * US_PER_MS;
    const expired = (w: Waiting) => this.answer(w, 503, undefined, "queue timeout");
    this.backendQueue = new WaitQueue<Waiting>(engine, timeoutUs, expired);
    this.servers = servers.map((spec) => ({ spec, health: new HealthCounter(config.rise, config.fall), active: 0, queue: new WaitQueue<Waiting>(engine, timeoutUs, expired) }));
    for (const s of this.servers) {
      this.byName.set(s.spec.name, s);
      this.byCookie.set(s.spec.cookie, s);
    }
    this.startChecks();
  }

  /** The process exited: no more health checks (a restarted HAProxy is a new backend). */
  stop(): void {
    this.stopped = true;
  }

  /** UP or DOWN per server name. */
  state(server: string): HaproxyServerState {
    const s = this.byName.get(server);
    if (!s) throw new Error(`haproxy ${this.config.host}: no server ${server}`);
    return s.health.state;
  }

  get upServers(): string[] {
    return this.servers.filter((s) => s.health.state === "UP").map((s) => s.spec.name);
  }

  /** Requests waiting in the backend queue and every server queue. */
  get queued(): number {
    return this.backendQueue.length + this.servers.reduce((n, s) => n + s.queue.length, 0);
  }

  /** The answer HAProxy's own port gives a health probe (a Varnish probe of "/"): 503 without UP servers. */
  probeFrontend(): ProbeResult {
    return this.servers.some((s) => s.health.state === "UP") ? "ok" : "http-error";
  }

  /** Handles one client request. */
  request(request: HaproxyRequest, done: Done<HaproxyResult>): void {
    const w: Waiting = { request, arrivedUs: this.engine.now, queuedUs: 0, done, wasQueued: false, queue: undefined };
    if (!this.servers.some((s) => s.health.state === "UP")) {
      this.answer(w, 503, undefined, "no server available");
      return;
    }
    this.assign(w, undefined);
  }

  // Spreads the first checks over one interval like start_checks(): server i of n at inter*i/n.
  private startChecks(): void {
    const interUs = this.config.interMs * US_PER_MS;
    this.servers.forEach((s, i) => {
      this.engine.after(Math.floor((interUs * i) / this.servers.length), () => this.runCheck(s));
    });
  }

  // One check; the next starts `inter` after this one completed (process_chk_conn's update_timer).
  private runCheck(s: Server): void {
    if (this.stopped) return;
    const result = this.probe(s.spec.name);
    const checkTimeoutUs = (this.config.timeoutCheckMs ?? this.config.interMs) * US_PER_MS;
    const complete = (): void => {
      if (this.stopped) return;
      const changed = s.health.record(result === "ok");
      if (changed) this.changeState(s, changed, CHECK_REASON[result]);
      this.engine.after(this.config.interMs * US_PER_MS, () => this.runCheck(s));
    };
    if (result === "timeout") this.engine.after(checkTimeoutUs, complete);
    else complete();
  }

  private changeState(s: Server, to: HaproxyServerState, reason: string): void {
    const from: HaproxyServerState = to === "UP" ? "DOWN" : "UP";
    this.engine.emit({ type: "haproxy.server", host: this.config.host, server: s.spec.name, from, to, reason });
    if (to === "DOWN") {
      // pendconn_redistribute: with redispatch, requests queued on a dead server go back to the backend.
      if (this.config.redispatch) this.backendQueue.merge(s.queue.drainAll());
      if (!this.servers.some((x) => x.health.state === "UP")) {
        for (const w of this.backendQueue.drainAll()) this.answer(w, 503, undefined, "no server available");
      }
    }
    for (const x of this.servers) this.drain(x);
  }

  // Picks the server: a valid sticky cookie of an UP server wins (a DOWN server's cookie is ignored,
  // HAProxy without `option persist`), else roundrobin among UP servers below maxconn, else queue.
  private assign(w: Waiting, exclude: Server | undefined): void {
    const sticky = w.request.cookie === undefined ? undefined : this.byCookie.get(w.request.cookie);
    if (sticky && sticky !== exclude && sticky.health.state === "UP") {
      if (sticky.active < this.config.maxconnPerServer && sticky.queue.length === 0) this.dispatch(sticky, w, 0);
      else this.enqueue(sticky.queue, w);
      return;
    }
    const picked = this.pickRoundRobin(exclude);
    if (picked) this.dispatch(picked, w, 0);
    else if (this.servers.some((s) => s.health.state === "UP")) this.enqueue(this.backendQueue, w);
    else this.answer(w, 503, undefined, "no server available");
  }

  private pickRoundRobin(exclude: Server | undefined): Server | undefined {
    const n = this.servers.length;
    for (let k = 0; k < n; k++) {
      const s = this.servers[(this.rrNext + k) % n]!;
      if (s === exclude || s.health.state !== "UP" || s.active >= this.config.maxconnPerServer) continue;
      this.rrNext = (this.rrNext + k + 1) % n;
      return s;
    }
    return undefined;
  }

  private enqueue(queue: WaitQueue<Waiting>, w: Waiting): void {
    if (!w.wasQueued) {
      w.wasQueued = true;
      w.queuedUs = this.engine.now;
    }
    queue.push(w);
  }

  // A free slot on `s` takes the oldest request of its own queue or of the backend queue.
  private drain(s: Server): void {
    while (s.health.state === "UP" && s.active < this.config.maxconnPerServer) {
      const own = s.queue.peek();
      const shared = this.backendQueue.peek();
      const w = own && (!shared || own.queuedUs <= shared.queuedUs) ? s.queue.shift() : this.backendQueue.shift();
      if (!w) return;
      this.dispatch(s, w, 0);
    }
  }

  // Connects and forwards; a refused connection is retried after the 1 s turn-around, the last retry
  // on another server when redispatch is on (option redispatch's default -1).
  private dispatch(s: Server, w: Waiting, attempt: number): void {
    s.active++;
    const queueUs = w.wasQueued ? this.engine.now - w.queuedUs : 0;
    this.forward(s.spec.name, this.config.timeoutServerMs * US_PER_MS, (r) => {
      s.active--;
      this.drain(s);
      if (r.outcome === "refused" && attempt < this.config.retries) {
        const turnaroundUs = Math.min(this.config.timeoutConnectMs, 1_000) * US_PER_MS;
        this.engine.after(turnaroundUs, () => {
          const last = attempt + 1 === this.config.retries;
          const other = last && this.config.redispatch ? this.pickRoundRobin(s) : undefined;
          this.dispatch(other ?? s, w, attempt + 1);
        });
        return;
      }
      this.answerOutcome(w, s, r.outcome, queueUs, r.cause);
    }, w.request);
  }

  private answerOutcome(w: Waiting, s: Server, outcome: HopOutcome, queueUs: Micros, cause?: string): void {
    if (outcome === "ok") {
      const setCookie = w.request.cookie === s.spec.cookie ? undefined : s.spec.cookie;
      this.answer(w, 200, s.spec.name, undefined, queueUs, setCookie);
    } else if (outcome === "refused") this.answer(w, 503, s.spec.name, "connection refused", queueUs);
    else if (outcome === "timeout") this.answer(w, 504, s.spec.name, "server timeout", queueUs);
    else if (outcome === "http-error") this.answer(w, 500, s.spec.name, cause ?? "application error", queueUs);
    else this.answer(w, 502, s.spec.name, "bad response", queueUs);
  }

  private answer(w: Waiting, status: HaproxyResult["status"], server?: string, cause?: string, queueUs: Micros = 0, setCookie?: string): void {
    // Built field by field (no spreads): every request that reaches HAProxy ends here.
    const result: { -readonly [K in keyof HaproxyResult]: HaproxyResult[K] } = { status, latencyUs: this.engine.now - w.arrivedUs, queueUs };
    if (server !== undefined) result.server = server;
    if (setCookie !== undefined) result.setCookie = setCookie;
    if (cause !== undefined) result.cause = cause;
    w.done(result);
  }

}
