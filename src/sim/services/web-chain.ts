// The request chain under traffic: client -> www VIP -> nginx -> Varnish -> HAProxy -> Zope
// instances -> MySQL (mysql VIP), Solr (solr VIP) and the storage exports. Each proxy host runs its
// own nginx/Varnish/HAProxy models, built from the resolved services (the values the generator
// writes into the configs) and rebuilt when the process restarts; each Zope port is one instance.
// A request's latency is the sum of the network, queueing and service times along its path; a
// failure records its cause.

import { serverName } from "../../generate/services/haproxy.js";
import type { ResolvedChain, ResolvedHop, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import {
  HaproxyBackend, haproxyConfig, NginxUpstream, nginxUpstreamConfig, VarnishCache, varnishProbeConfig, ZopeInstance, zopeConfigs,
  type HaproxyRequest, type ProbeResult, type ProcessState, type Served, type ZopeWork,
} from "../chain/index.js";
import type { Engine } from "../engine/engine.js";
import { US_PER_MS, type Micros } from "../engine/time.js";
import type { RequestMetrics } from "../metrics/request-metrics.js";
import type { TrafficRequest } from "../traffic/traffic-generator.js";
import { INTERNET, type World } from "../world/world.js";
import type { BackendHealthView } from "../view.js";
import { failureOf, ProbeCache } from "./probe-cache.js";
import type { CallResult, DatabasePlaneApi, PlaneContext, StoragePlaneApi } from "./types.js";
import type { FailureTimeline } from "./failure-timeline.js";

/** One internet round trip between the client and the www VIP (a European visitor of the talk's site). */
export const INTERNET_RTT_US: Micros = 40_000;
/** A browser gives up a connection whose SYNs go unanswered after about 21 s (3 SYN retransmits). */
export const CLIENT_CONNECT_TIMEOUT_US: Micros = 21_000_000;
/** nginx proxy_read_timeout / Varnish first_byte_timeout: 60 s (the generated configs). */
export const PROXY_READ_TIMEOUT_US: Micros = 60_000_000;
/** Share of page views that search the catalog (Solr through the solr VIP). */
export const SEARCH_SHARE = 0.1;
/** Bytes Zope reads from its ZODB (on iSCSI) per page, writes per registration; a registration's blob. */
export const ZODB_READ_BYTES = 16 * 1024;
export const ZODB_WRITE_BYTES = 32 * 1024;
export const BLOB_WRITE_BYTES = 256 * 1024;
export const SOLR_INDEX_READ_BYTES = 64 * 1024;
/** Solr's own query time on a warm index. */
export const SOLR_QUERY_US: Micros = 20_000;
/** An idle session's SERVERID cookie is forgotten after this long (the browser session ends). */
export const SESSION_IDLE_US: Micros = 30 * 60_000_000;

type Kind = "page" | "search" | "registration";

const CACHEABLE = { cacheable: true } as const;
const NOT_CACHEABLE = { cacheable: false } as const;
const VARNISH_SICK_CAUSE = "503 from Varnish (backend sick)";

const OK_WORK = { ok: true } as const;

interface Payload {
  readonly kind: Kind;
  readonly sessionId: number;
}

/** nginx, Varnish and HAProxy of one proxy host, as running processes. */
interface ProxyStack {
  readonly host: string;
  readonly varnishState: () => ProcessState;
  readonly haproxyState: () => ProcessState;
  /** Bumped whenever a process of the stack dies: requests in flight through it are reset. */
  generation: number;
  nginx: NginxUpstream | undefined;
  varnish: VarnishCache | undefined;
  haproxy: HaproxyBackend | undefined;
}

interface AppInstance {
  readonly name: string;
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly zope: ZopeInstance;
}

function hop(chain: ResolvedChain, from: string, to: string): ResolvedHop | undefined {
  return chain.hops.find((h) => h.from === from && h.to === to);
}

function serviceOf<K extends "nginx" | "varnish" | "haproxy" | "zope">(lab: ResolvedLab, host: string, kind: K): ResolvedServiceOf<K> | undefined {
  return lab.hosts.find((h) => h.name === host)?.services.find((s) => s.kind === kind) as ResolvedServiceOf<K> | undefined;
}

export class WebChain {
  readonly chain: ResolvedChain;
  private readonly engine: Engine;
  private readonly world: World;
  private readonly probes: ProbeCache;
  private readonly proxies = new Map<string, ProxyStack>();
  private readonly apps = new Map<string, AppInstance>();
  private readonly appsByHost = new Map<string, AppInstance[]>();
  // SERVERID cookies by session, in two generations swapped every half idle period: a session seen
  // in the last generation moves forward, one idle for a whole generation is forgotten (no per-entry
  // timestamps, no scan).
  private cookies = new Map<number, string>();
  private olderCookies = new Map<number, string>();
  private readonly mysqlPair: string | undefined;
  private readonly solr: { readonly vip: string; readonly port: number } | undefined;
  private readonly mounts: { zodb?: string; blobs?: string; solrIndex?: string };
  private readonly entryPort: number;
  private readonly works = new Map<string, ZopeWork | null>();

  constructor(
    private readonly ctx: PlaneContext,
    private readonly metrics: RequestMetrics,
    private readonly failures: FailureTimeline,
    private readonly db: DatabasePlaneApi | undefined,
    private readonly storage: StoragePlaneApi | undefined,
  ) {
    const { lab, engine, world } = ctx;
    const chain = lab.chains[0];
    if (!chain) throw new Error(`lab ${lab.name} has no request chain: traffic needs one (chains[0])`);
    this.chain = chain;
    this.engine = engine;
    this.world = world;
    this.probes = new ProbeCache(engine, world);
    this.entryPort = chain.entry.ports.includes(80) ? 80 : chain.entry.ports[0]!;
    for (const caller of hop(chain, "haproxy", "zope")?.callers ?? []) {
      for (const [i, up] of caller.upstreams.entries()) {
        const name = serverName(up, i);
        if (this.apps.has(name) || !up.host) continue;
        const zope = serviceOf(lab, up.host, "zope");
        if (!zope) continue;
        const host = up.host;
        const config = zopeConfigs(host, zope).find((c) => c.port === up.port)!;
        const instance: AppInstance = { name, host, address: up.address, port: up.port, zope: new ZopeInstance(engine, config, this.processOf(host, "zope")) };
        this.apps.set(name, instance);
        this.appsByHost.set(host, [...(this.appsByHost.get(host) ?? []), instance]);
      }
    }
    const proxyHosts = new Set([...(hop(chain, "nginx", "varnish")?.callers ?? []), ...(hop(chain, "varnish", "haproxy")?.callers ?? []), ...(hop(chain, "haproxy", "zope")?.callers ?? [])].map((c) => c.host));
    for (const host of [...proxyHosts].sort()) this.proxies.set(host, {
      host, generation: 0, nginx: undefined, varnish: undefined, haproxy: undefined,
      varnishState: this.processOf(host, "varnish"), haproxyState: this.processOf(host, "haproxy"),
    });
    const mysqlHop = hop(chain, "zope", "mysql");
    this.mysqlPair = lab.mysql.find((p) => p.carp === mysqlHop?.via)?.name ?? lab.mysql[0]?.name;
    const solrUp = hop(chain, "zope", "solr")?.callers[0]?.upstreams[0];
    this.solr = solrUp ? { vip: solrUp.address, port: solrUp.port } : undefined;
    this.mounts = consumerMounts(lab);
    world.watch((change) => {
      if (change.type === "service" && change.to === "running") this.processStarted(change.host, change.service);
      else if (change.type === "service" || change.type === "power") this.processChanged(change.host, change.type === "service" ? change.service : undefined);
    });
    // Forget the cookies of sessions idle for longer than a browser session (flat memory).
    const sweep = (): void => {
      this.olderCookies = this.cookies;
      this.cookies = new Map();
      engine.after(SESSION_IDLE_US / 2, sweep);
    };
    engine.after(SESSION_IDLE_US / 2, sweep);
  }

  /** One client request, at its arrival time. */
  handle(request: TrafficRequest): void {
    const startUs = this.engine.now;
    const kind: Kind = request.kind === "registration" ? "registration" : this.engine.random.chance(SEARCH_SHARE) ? "search" : "page";
    const entry = this.probes.probe(INTERNET, this.chain.entry.address, this.entryPort);
    if (!entry.ok) {
      const how = failureOf(entry);
      if (how === "refused") this.failLater(startUs, INTERNET_RTT_US, "connection refused");
      else this.failLater(startUs, CLIENT_CONNECT_TIMEOUT_US, how === "no-owner" ? "no VIP owner" : "timeout");
      return;
    }
    if (entry.hung) return this.failLater(startUs, PROXY_READ_TIMEOUT_US, "timeout");
    const stack = this.proxies.get(entry.host!);
    const varnish = stack?.varnish;
    if (!stack || !varnish || !stack.nginx) return this.failLater(startUs, INTERNET_RTT_US * 2, "502 from nginx");
    // nginx -> Varnish on the same host: refused at once, hung until proxy_read_timeout.
    const varnishState = stack.varnishState();
    if (varnishState !== "running" && varnishState !== "hung") {
      stack.nginx.reportFailure(stack.nginx.pick() ?? "");
      return this.failLater(startUs, INTERNET_RTT_US * 2, "502 from nginx");
    }
    if (varnishState === "hung") return this.failLater(startUs, PROXY_READ_TIMEOUT_US, "timeout");
    const cacheable = kind === "page";
    // Most requests end here, answered from memory: no event, no closure.
    const answered = varnish.lookup(cacheable ? CACHEABLE : NOT_CACHEABLE);
    if (answered !== undefined) {
      if (answered.status === 200) this.succeed(request.kind, startUs, INTERNET_RTT_US * 2 + answered.latencyUs);
      else this.failLater(startUs, INTERNET_RTT_US * 2, VARNISH_SICK_CAUSE);
      return;
    }
    const payload: Payload = { kind, sessionId: request.sessionId };
    const generation = stack.generation;
    varnish.fetchMiss({ cacheable, payload }, (r) => {
      // The proxy died (or a process of it) while the request was in flight: the client's TCP
      // connection is gone with it (reset, or no answer from a powered-off host).
      if (stack.generation !== generation) return this.fail(startUs, "connection reset");
      if (r.status === 200) return this.succeed(request.kind, startUs, INTERNET_RTT_US * 2 + (this.engine.now - startUs));
      const cause = r.status === 503 && r.cause === "backend fetch failed" ? "503 from Varnish (backend fetch failed)"
        : r.status === 503 ? "503 from HAProxy"
        : r.status === 504 ? "timeout"
        : r.cause ?? `HTTP ${r.status}`;
      this.failLater(startUs, INTERNET_RTT_US * 2, cause);
    });
  }

  private succeed(kind: TrafficRequest["kind"], startUs: Micros, latencyUs: Micros): void {
    this.metrics.recordSuccess(kind, startUs + latencyUs, latencyUs);
  }

  private fail(startUs: Micros, cause: string): void {
    this.metrics.recordFailure(this.engine.now, cause);
    this.failures.record(startUs);
  }

  private failLater(startUs: Micros, afterUs: Micros, cause: string): void {
    this.engine.after(afterUs, () => this.fail(startUs, cause));
  }

  view(): BackendHealthView {
    const haproxy = [...this.proxies.values()].filter((p) => p.haproxy).map((p) => ({
      host: p.host,
      servers: [...this.apps.values()].map((a) => ({ name: a.name, state: p.haproxy!.state(a.name) })),
    }));
    const varnish = [...this.proxies.values()].filter((p) => p.varnish).map((p) => ({
      host: p.host, backend: p.varnish!.probe.config.backend, health: p.varnish!.probe.health,
      good: p.varnish!.probe.goodInWindow(), window: p.varnish!.probe.config.window,
    }));
    return { haproxy, varnish };
  }

  varnishHealth(proxy: string): "healthy" | "sick" | undefined {
    return this.proxies.get(proxy)?.varnish?.probe.health;
  }

  // --- processes --------------------------------------------------------------------------------

  private process(host: string, service: string): ProcessState {
    const h = this.world.host(host);
    if (h.state === "off") return "stopped";
    return (h.services.get(service)?.state ?? "stopped") as ProcessState;
  }

  /** A reader of one process's state bound to its host and service (asked several times per request). */
  private processOf(host: string, service: string): () => ProcessState {
    const h = this.world.host(host);
    const svc = h.services.get(service);
    if (!svc) return () => "stopped";
    return () => (h.state === "off" ? "stopped" : (svc.state as ProcessState));
  }

  private processStarted(host: string, service: string): void {
    const stack = this.proxies.get(host);
    if (stack) {
      if (service === "nginx") this.startNginx(stack);
      else if (service === "varnish") this.startVarnish(stack);
      else if (service === "haproxy") this.startHaproxy(stack);
    }
    if (service === "zope") for (const a of this.appsByHost.get(host) ?? []) a.zope.notifyStateChanged();
  }

  private processChanged(host: string, service: string | undefined): void {
    const stack = this.proxies.get(host);
    if (stack && (service === undefined || service === "nginx" || service === "varnish" || service === "haproxy")) stack.generation++;
    if (stack) {
      // A stopped or crashed process loses its state; a hung one keeps it (and its timers) frozen.
      if ((service === undefined || service === "nginx") && this.process(host, "nginx") !== "hung" && this.process(host, "nginx") !== "running") stack.nginx = undefined;
      if ((service === undefined || service === "varnish") && !["running", "hung"].includes(this.process(host, "varnish"))) {
        stack.varnish?.probe.stop();
        stack.varnish = undefined;
      }
      if ((service === undefined || service === "haproxy") && !["running", "hung"].includes(this.process(host, "haproxy"))) {
        stack.haproxy?.stop();
        stack.haproxy = undefined;
      }
    }
    if (service === undefined || service === "zope") for (const a of this.appsByHost.get(host) ?? []) a.zope.notifyStateChanged();
  }

  private startNginx(stack: ProxyStack): void {
    const nginx = serviceOf(this.ctx.lab, stack.host, "nginx");
    if (!nginx || stack.nginx) return;
    const upstreams = hop(this.chain, "nginx", "varnish")?.callers.find((c) => c.host === stack.host)?.upstreams ?? [];
    stack.nginx = new NginxUpstream(this.engine, nginxUpstreamConfig(stack.host, nginx), upstreams.length ? upstreams.map((u) => `${u.address}:${u.port}`) : ["127.0.0.1:3180"]);
  }

  private startVarnish(stack: ProxyStack): void {
    const varnish = serviceOf(this.ctx.lab, stack.host, "varnish");
    if (!varnish || stack.varnish) return;
    const host = stack.host;
    const config = {
      probe: varnishProbeConfig(host, varnish),
      graceS: varnish.graceS,
      hitRatio: this.ctx.lab.traffic.cacheHitRatio,
      // Of the misses, the share whose object is cached but expired (grace can serve it while the backend is sick).
      staleRatio: 0.5,
      hitLatencyUs: 200,
      firstByteTimeoutS: PROXY_READ_TIMEOUT_US / 1_000_000,
      inlineHits: true,
    };
    stack.varnish = new VarnishCache(this.engine, config, () => this.probeHaproxy(host), (timeoutUs, done, payload) => this.fetchFromHaproxy(host, timeoutUs, done, payload as Payload));
  }

  private startHaproxy(stack: ProxyStack): void {
    const haproxy = serviceOf(this.ctx.lab, stack.host, "haproxy");
    if (!haproxy || stack.haproxy) return;
    const host = stack.host;
    const upstreams = hop(this.chain, "haproxy", "zope")?.callers.find((c) => c.host === host)?.upstreams ?? [];
    const servers = upstreams.map((u, i) => serverName(u, i)).filter((n) => this.apps.has(n)).map((name) => ({ name, cookie: name }));
    stack.haproxy = new HaproxyBackend(this.engine, haproxyConfig(host, haproxy), servers,
      (server) => this.probeZope(host, server),
      (server, timeoutUs, done, request) => this.forwardToZope(host, server, timeoutUs, done, request));
  }

  // --- hops ---------------------------------------------------------------------------------------

  private probeHaproxy(host: string): ProbeResult {
    const state = this.process(host, "haproxy");
    if (state === "hung") return "timeout";
    if (state !== "running") return "refused";
    return this.proxies.get(host)?.haproxy?.probeFrontend() ?? "refused";
  }

  private fetchFromHaproxy(host: string, timeoutUs: Micros, done: (r: { status: number; latencyUs: Micros; cause?: string }) => void, payload: Payload | undefined): void {
    const start = this.engine.now;
    const stack = this.proxies.get(host)!;
    const state = stack.haproxyState();
    const haproxy = stack.haproxy;
    if (state === "hung") {
      this.engine.after(timeoutUs, () => done({ status: 0, latencyUs: timeoutUs }));
      return;
    }
    if (state !== "running" || !haproxy) {
      done({ status: 0, latencyUs: 0 });
      return;
    }
    const cookie = payload ? this.cookieOf(payload.sessionId) : undefined;
    // Plain literals, not spreads: this runs for every request that misses the cache.
    const request: HaproxyRequest = cookie === undefined ? { payload } : { cookie, payload };
    // No first_byte_timeout timer: HAProxy always answers within its own timeouts (queue 30 s,
    // connect 5 s, server 60 s = first_byte_timeout), and a hung HAProxy is handled above.
    haproxy.request(request, (r) => {
      if (payload && r.setCookie !== undefined) this.cookies.set(payload.sessionId, r.setCookie);
      const latencyUs = this.engine.now - start;
      done(r.cause === undefined ? { status: r.status, latencyUs } : { status: r.status, latencyUs, cause: r.cause });
    });
  }

  private cookieOf(sessionId: number): string | undefined {
    const current = this.cookies.get(sessionId);
    if (current !== undefined) return current;
    const older = this.olderCookies.get(sessionId);
    if (older !== undefined) this.cookies.set(sessionId, older);
    return older;
  }

  private probeZope(proxy: string, server: string): ProbeResult {
    const app = this.apps.get(server)!;
    const net = this.probes.probe(proxy, app.address, app.port);
    if (!net.ok) return failureOf(net) === "refused" ? "refused" : "timeout";
    if (net.hung) return "timeout";
    return app.zope.probe();
  }

  private forwardToZope(proxy: string, server: string, timeoutUs: Micros, done: (r: Served) => void, request: HaproxyRequest): void {
    const app = this.apps.get(server)!;
    const net = this.probes.probe(proxy, app.address, app.port);
    const rttUs = 2 * this.world.linkLatencyUs;
    if (!net.ok) {
      // Refused: the RST comes back in one round trip; no answer: HAProxy's `timeout connect` (5 s).
      const refused = failureOf(net) === "refused";
      const waitUs = refused ? rttUs : 5_000 * US_PER_MS;
      this.engine.after(waitUs, () => done({ outcome: "refused", latencyUs: waitUs }));
      return;
    }
    const payload = request.payload as Payload | undefined;
    const work = payload ? this.workFor(app.host, payload.kind) : undefined;
    this.engine.after(rttUs, () =>
      app.zope.submit(Math.max(1, timeoutUs - rttUs), (r) => done(r.cause === undefined
        ? { outcome: r.outcome, latencyUs: r.latencyUs + rttUs }
        : { outcome: r.outcome, latencyUs: r.latencyUs + rttUs, cause: r.cause }), work));
  }

  // What Zope does for a request while it holds the thread: its queries, one after another. The
  // steps of each (host, kind) are built once; a request only walks them.
  private workFor(host: string, kind: Kind): ZopeWork | undefined {
    const key = `${host} ${kind}`;
    let work = this.works.get(key);
    if (work === undefined) {
      work = this.buildWork(host, kind) ?? null;
      this.works.set(key, work);
    }
    return work ?? undefined;
  }

  private buildWork(host: string, kind: Kind): ZopeWork | undefined {
    type Step = (done: (r: CallResult) => void) => void;
    const steps: Step[] = [];
    const pair = this.mysqlPair;
    const { zodb, blobs } = this.mounts;
    const storage = this.storage;
    const db = this.db;
    const write = kind === "registration";
    if (storage && zodb) steps.push((d) => storage.io(host, zodb, write ? "write" : "read", write ? ZODB_WRITE_BYTES : ZODB_READ_BYTES, d));
    if (db && pair) steps.push((d) => db.query(pair, host, write ? "write" : "read", d));
    if (write && storage && blobs) steps.push((d) => storage.io(host, blobs, "write", BLOB_WRITE_BYTES, d));
    if (kind === "search" && this.solr) steps.push((d) => this.querySolr(host, d));
    if (!steps.length) return undefined;
    return (finish) => {
      let i = 0;
      const next = (r: CallResult): void => {
        if (!r.ok) finish({ ok: false, cause: r.cause ?? "application error" });
        else if (i === steps.length) finish(OK_WORK);
        else steps[i++]!(next);
      };
      steps[i++]!(next);
    };
  }

  // Solr answers on the solr VIP (the CARP master of the app pair) and reads its index over NFS.
  private querySolr(host: string, done: (r: CallResult) => void): void {
    const solr = this.solr!;
    const net = this.probes.probe(host, solr.vip, solr.port);
    const rttUs = 2 * this.world.linkLatencyUs;
    if (!net.ok || net.hung) {
      const waitUs = net.ok || failureOf(net) !== "refused" ? 5_000 * US_PER_MS : rttUs;
      this.engine.after(waitUs, () => done({ ok: false, latencyUs: waitUs, cause: "search error: Solr unavailable" }));
      return;
    }
    const owner = net.host!;
    const index = this.mounts.solrIndex;
    const answer = (extraUs: Micros): void => {
      this.engine.after(rttUs + SOLR_QUERY_US, () => done({ ok: true, latencyUs: rttUs + SOLR_QUERY_US + extraUs }));
    };
    if (!this.storage || !index) {
      answer(0);
      return;
    }
    this.storage.io(owner, index, "read", SOLR_INDEX_READ_BYTES, (r) => {
      if (!r.ok) done({ ok: false, latencyUs: r.latencyUs, cause: `search error: ${r.cause ?? "index unreadable"}` });
      else answer(r.latencyUs);
    });
  }
}

/** The consumers' mountpoints on the app hosts: the ZODB (iSCSI), blobs and the Solr index (NFS). */
function consumerMounts(lab: ResolvedLab): { zodb?: string; blobs?: string; solrIndex?: string } {
  const out: { zodb?: string; blobs?: string; solrIndex?: string } = {};
  for (const pair of lab.storage) {
    for (const e of pair.nfs) {
      const mount = e.consumers[0]?.mountpoint;
      if (!mount) continue;
      if (/solr/.test(e.dataset) || /solr/.test(mount)) out.solrIndex ??= mount;
      else out.blobs ??= mount;
    }
    for (const t of pair.iscsi) out.zodb ??= t.consumers[0]?.mountpoint;
  }
  return out;
}
