// One Zope instance: `threads` worker threads, a FIFO queue in front of them, a service-time
// distribution; its process state (running, hung, crashed, ...) comes from a callback.

import type { Engine, Timer } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { ResolvedServiceOf } from "../../model/types.js";
import { sampleServiceTimeUs, type ServiceTimeModel } from "./service-time.js";
import type { Done, HopOutcome, ProbeResult, ProcessState } from "./types.js";

export interface ZopeConfig {
  readonly host: string;
  readonly port: number;
  readonly threads: number;
  readonly serviceTime: ServiceTimeModel;
}

export interface ZopeResult {
  readonly outcome: HopOutcome;
  /** Submission to answer (or to the caller's timeout). */
  readonly latencyUs: Micros;
  readonly queueUs: Micros;
  readonly serviceUs: Micros;
  /** Why the application answered an error page (outcome "http-error"). */
  readonly cause?: string;
}

/**
 * What a request does beyond its CPU time while it holds the thread: the queries to MySQL, Solr and
 * the storage exports. It answers ok, or the cause of an error page ("database read-only", ...).
 */
export type ZopeWork = (done: (result: { readonly ok: boolean; readonly cause?: string }) => void) => void;

interface Pending {
  readonly enqueuedUs: Micros;
  readonly done: Done<ZopeResult>;
  readonly work: ZopeWork | undefined;
  readonly timeoutUs: Micros;
  /** Armed only when the request may outlive its caller's timeout: it waits in the queue, or the instance hangs. */
  timeout: Timer | undefined;
  finished: boolean;
}

/** The model's zope service -> one config per port (exponential service times unless told otherwise). */
export function zopeConfigs(host: string, service: ResolvedServiceOf<"zope">, serviceTime?: ServiceTimeModel): ZopeConfig[] {
  const model = serviceTime ?? { kind: "exponential", meanMs: service.serviceTimeMs };
  return service.ports.map((port) => ({ host, port, threads: service.threads, serviceTime: model }));
}

export class ZopeInstance {
  private busy = 0;
  private readonly queue: Pending[] = [];
  private queueHead = 0;
  private servedCount = 0;
  private readonly inService = new Set<Pending>();

  constructor(
    private readonly engine: Engine,
    readonly config: ZopeConfig,
    private readonly state: () => ProcessState,
  ) {
    if (!(config.threads >= 1)) throw new Error(`zope ${config.host}:${config.port}: threads must be >= 1`);
  }

  get name(): string {
    return `${this.config.host}_${this.config.port}`;
  }

  /** Requests waiting for a thread. */
  get queued(): number {
    return this.queue.length - this.queueHead;
  }

  get busyThreads(): number {
    return this.busy;
  }

  get served(): number {
    return this.servedCount;
  }

  /** A health check (GET /): refused when not listening, no answer when hung. */
  probe(): ProbeResult {
    const s = this.state();
    if (s === "running") return "ok";
    if (s === "hung") return "timeout";
    return "refused";
  }

  /**
   * Sends one request. `timeoutUs` is the caller's read timeout (HAProxy `timeout server`): a hung
   * instance, or a queue too long, answers "timeout" then. Refused connections answer at once.
   */
  submit(timeoutUs: Micros, done: Done<ZopeResult>, work?: ZopeWork): void {
    const s = this.state();
    const now = this.engine.now;
    if (s !== "running" && s !== "hung") {
      done({ outcome: "refused", latencyUs: 0, queueUs: 0, serviceUs: 0 });
      return;
    }
    const pending: Pending = { enqueuedUs: now, done, work, timeoutUs, timeout: undefined, finished: false };
    // Why lazily: with maxconn = threads (the generated haproxy.conf) a request rarely waits, and a
    // 60 s timer per request would fill the event queue; it is armed when it can matter.
    if (s === "hung" || this.busy >= this.config.threads) this.armTimeout(pending);
    this.queue.push(pending);
    this.startNext();
  }

  private armTimeout(pending: Pending): void {
    if (pending.timeout !== undefined || pending.finished) return;
    pending.timeout = this.engine.at(pending.enqueuedUs + pending.timeoutUs, () => {
      if (pending.finished) return;
      pending.finished = true;
      this.inService.delete(pending);
      pending.done({ outcome: "timeout", latencyUs: pending.timeoutUs, queueUs: 0, serviceUs: 0 });
    });
  }

  /** Call after the process state changed: a running instance takes queued work again, a dead one resets it. */
  notifyStateChanged(): void {
    const s = this.state();
    if (s === "running") {
      this.startNext();
      return;
    }
    if (s === "hung") {
      // Nothing will answer any more: every open request ends at its caller's timeout.
      for (const p of this.inService) this.armTimeout(p);
      for (let i = this.queueHead; i < this.queue.length; i++) this.armTimeout(this.queue[i]!);
      return;
    }
    const now = this.engine.now;
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const request = this.queue[i]!;
      if (request.finished) continue;
      request.finished = true;
      request.timeout?.cancel();
      request.done({ outcome: "reset", latencyUs: now - request.enqueuedUs, queueUs: now - request.enqueuedUs, serviceUs: 0 });
    }
    this.queue.length = 0;
    this.queueHead = 0;
  }

  // Hands queued requests to free threads; a hung instance takes them and never finishes them.
  private startNext(): void {
    while (this.busy < this.config.threads && this.queueHead < this.queue.length) {
      const next = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined as unknown as Pending;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      if (next.finished) continue;
      if (this.state() === "hung") continue; // stuck in the hung process until the caller gives up
      this.busy++;
      this.inService.add(next);
      const startUs = this.engine.now;
      const serviceUs = sampleServiceTimeUs(this.engine.random, this.config.serviceTime);
      const work = next.work;
      if (work) this.engine.after(serviceUs, () => work((r) => this.finish(next, startUs, serviceUs, r.ok ? undefined : (r.cause ?? "application error"))));
      else this.engine.after(serviceUs, () => this.finish(next, startUs, serviceUs));
    }
  }

  private finish(request: Pending, startUs: Micros, serviceUs: Micros, errorCause?: string): void {
    this.busy--;
    this.inService.delete(request);
    const s = this.state();
    if (!request.finished && s !== "hung") {
      request.finished = true;
      request.timeout?.cancel();
      const latencyUs = this.engine.now - request.enqueuedUs;
      const outcome: HopOutcome = s !== "running" ? "reset" : errorCause === undefined ? "ok" : "http-error";
      if (outcome === "ok") this.servedCount++;
      const result: ZopeResult = { outcome, latencyUs, queueUs: startUs - request.enqueuedUs, serviceUs };
      request.done(outcome === "http-error" ? { ...result, cause: errorCause } : result);
    }
    if (s === "running") this.startNext();
  }
}
