// The seeded traffic generator: sessions (page views with think times) and registrations from the
// lab's traffic profile, scheduled lazily on the engine so memory stays flat over a long run.

import type { ResolvedTraffic } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { Rng } from "../engine/rng.js";
import type { Micros } from "../engine/time.js";
import { hourOfDay, normalizeCurve } from "./daily-curve.js";
import { drawExponentialUs, PoissonStream } from "./poisson-stream.js";

/** Mean think time between two page views of a session (exponential). */
export const DEFAULT_THINK_TIME_MEAN_S = 30;
/** Added to the engine's seed for the traffic's own Rng: faults elsewhere do not change the traffic. */
export const TRAFFIC_SEED_OFFSET = 0x7a11c;

export interface TrafficRequest {
  readonly kind: "page" | "registration";
  /** Sticky per session (the cookie HAProxy's stickiness will key on); registrations get their own. */
  readonly sessionId: number;
  /** A registered user for pages; a new user id above registeredUsers for registrations. */
  readonly userId: number;
  /** 0-based page index within the session (0 for registrations). */
  readonly pageIndex: number;
  /** Drawn with the profile's cacheHitRatio (a hint for the cache model; registrations never hit). */
  readonly cacheHit: boolean;
  readonly timeUs: Micros;
}

export interface TrafficOptions {
  /** Called at each request's arrival time. */
  readonly onRequest: (request: TrafficRequest) => void;
  /** Hour of day at simulated time 0 (default 0, midnight). */
  readonly startHour?: number;
  /** Ignore the daily curve: every hour runs at the peak rates. */
  readonly flat?: boolean;
  /** Multiplies both peak rates (benchmarks, load tests). */
  readonly rateScale?: number;
  readonly thinkTimeMeanS?: number;
  /** No new sessions or registrations after this time (open sessions finish). */
  readonly untilUs?: Micros;
  /** Defaults to a Rng seeded with engine.seed + TRAFFIC_SEED_OFFSET. */
  readonly rng?: Rng;
}

export interface TrafficCounts {
  readonly sessionsStarted: number;
  readonly sessionsActive: number;
  readonly pageViews: number;
  readonly registrations: number;
  /** Generator events waiting in the engine queue: 2 arrival streams plus one per active session. */
  readonly pendingEvents: number;
}

/**
 * Rates are the peak hour's: sessions/s = peakSessionsPerS * curve[h] / max(curve), registrations/h
 * = registrationsPerHour * curve[h] / max(curve). Pages per session are geometric with mean
 * pageViewsPerSession (after each page the session goes on with p = 1 - 1/mean).
 */
export class TrafficGenerator {
  private readonly rng: Rng;
  private readonly sessions: PoissonStream;
  private readonly registrationStream: PoissonStream;
  private readonly thinkMeanS: number;
  private readonly continueP: number;
  private nextSessionId = 1;
  private nextNewUserId: number;
  private started = 0;
  private active = 0;
  private pages = 0;
  private regs = 0;
  private stopped = false;

  constructor(private readonly engine: Engine, private readonly profile: ResolvedTraffic, private readonly options: TrafficOptions) {
    this.rng = options.rng ?? new Rng((engine.seed + TRAFFIC_SEED_OFFSET) | 0);
    this.thinkMeanS = options.thinkTimeMeanS ?? DEFAULT_THINK_TIME_MEAN_S;
    if (!(this.thinkMeanS > 0)) throw new Error(`think time mean must be positive, got ${this.thinkMeanS}`);
    this.continueP = 1 - 1 / Math.max(1, profile.pageViewsPerSession);
    this.nextNewUserId = profile.registeredUsers + 1;
    const curve = normalizeCurve(profile.dailyCurve);
    const startHour = options.startHour ?? 0;
    const relative = options.flat ? () => 1 : (t: Micros) => curve[hourOfDay(t, startHour)]!;
    const anyLoad = options.flat || curve.some((v) => v > 0);
    const scale = (options.rateScale ?? 1) * (anyLoad ? 1 : 0);
    const until = options.untilUs ?? Infinity;
    this.sessions = new PoissonStream(engine, this.rng, profile.peakSessionsPerS * scale, relative, until, () => this.startSession());
    this.registrationStream = new PoissonStream(engine, this.rng, (profile.registrationsPerHour / 3600) * scale, relative, until, () =>
      this.register(),
    );
  }

  start(): this {
    this.sessions.start();
    this.registrationStream.start();
    return this;
  }

  /** Stops new arrivals and open sessions' further page views (their pending events become no-ops). */
  stop(): void {
    this.stopped = true;
    this.sessions.stop();
    this.registrationStream.stop();
  }

  get counts(): TrafficCounts {
    return {
      sessionsStarted: this.started,
      sessionsActive: this.active,
      pageViews: this.pages,
      registrations: this.regs,
      pendingEvents: this.sessions.pending + this.registrationStream.pending + this.active,
    };
  }

  private startSession(): void {
    this.started++;
    this.active++;
    const sessionId = this.nextSessionId++;
    const userId = this.rng.int(1, Math.max(1, this.profile.registeredUsers));
    this.pageView(sessionId, userId, 0);
  }

  private pageView(sessionId: number, userId: number, pageIndex: number): void {
    if (this.stopped) {
      this.active--;
      return;
    }
    this.pages++;
    const cacheHit = this.rng.chance(this.profile.cacheHitRatio);
    this.options.onRequest({ kind: "page", sessionId, userId, pageIndex, cacheHit, timeUs: this.engine.now });
    if (this.rng.chance(this.continueP)) {
      this.engine.after(drawExponentialUs(this.rng, 1 / this.thinkMeanS), () => this.pageView(sessionId, userId, pageIndex + 1));
    } else {
      this.active--;
    }
  }

  private register(): void {
    this.regs++;
    const sessionId = this.nextSessionId++;
    const userId = this.nextNewUserId++;
    this.options.onRequest({ kind: "registration", sessionId, userId, pageIndex: 0, cacheHit: false, timeUs: this.engine.now });
  }
}
