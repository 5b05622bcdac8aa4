// The simulator as a Backend: a seeded SimSession whose boot `up` fast-forwards (progress per host,
// until the lab is healthy and CARP has settled), then a PacedDriver runs it at 1x against the wall
// clock the app injects. The replay drives the same class headless (runTo, no clock).

import { inverseOf, isRepair } from "../../faults/heal.js";
import { findSysctl } from "../../faults/sysctls.js";
import type { Fault } from "../../faults/types.js";
import type { ResolvedLab } from "../../model/types.js";
import { runCommand } from "../../sim/commands/run-command.js";
import { PacedDriver, type WallClock } from "../../sim/engine/paced-driver.js";
import { type Micros, US_PER_MS, US_PER_S } from "../../sim/engine/time.js";
import { startSimulation, type SimSession } from "../../sim/run.js";
import type { SimSummary } from "../../sim/summary.js";
import type { ClusterView } from "../../sim/view.js";
import type { Backend, BackendEvent, BackendPosition, ExecResult, PaceState, Pacing, SpeedCommand, UpProgress } from "../backend.js";
import { advanceTo } from "./advance.js";
import { BootWatch, describeUnhealthy, settleWindowUs } from "./boot-watch.js";
import { parseSpeedCommand, SPEED_FORMS } from "./speed-command.js";

export interface SimBackendOptions {
  readonly seed: number;
  /** The wall clock the lab is paced to after `up`; without one the engine only moves when driven (replay, tests). */
  readonly clock?: WallClock;
  /** Lets the caller's event loop run between boot slices (the daemon answers its socket meanwhile). */
  readonly yieldToCaller?: () => Promise<void>;
  /** Give up when the lab is not healthy after this much simulated time (default 600 s). */
  readonly maxBootUs?: Micros;
}

/** Simulated time run between two looks at the booting lab (progress instants come from the trace, exact). */
const BOOT_SLICE_US = 250 * US_PER_MS;
const DEFAULT_MAX_BOOT_US = 600 * US_PER_S;

export class SimBackend implements Backend {
  readonly kind = "sim" as const;
  readonly pacing: Pacing;
  private readonly session: SimSession;
  private readonly listeners: ((e: BackendEvent) => void)[] = [];
  /** The value a non-additive sysctl had before the first fault that changed it, per "host name". */
  private readonly sysctlBefore = new Map<string, number>();
  private driver: PacedDriver | undefined;
  private stopped = false;
  /** Set while `up` fast-forwards the boot. */
  private bootWatch: BootWatch | undefined;

  constructor(readonly lab: ResolvedLab, private readonly options: SimBackendOptions) {
    this.session = startSimulation(lab, options.seed);
    // State events only: protocol messages are neither hashed nor shown, and cost nothing unheard.
    this.session.engine.onEvent((event) => {
      this.bootWatch?.observe(event);
      if (this.listeners.length === 0) return;
      const e: BackendEvent = { t: event.t, event };
      for (const l of [...this.listeners]) l(e);
    }, { protocol: false });
    this.pacing = { state: () => this.paceState(), apply: (command) => this.applySpeed(command) };
  }

  async up(onProgress?: (p: UpProgress) => void): Promise<void> {
    const engine = this.session.engine;
    const watch = new BootWatch(this.session.world, settleWindowUs(this.lab));
    this.bootWatch = watch;
    const maxBootUs = this.options.maxBootUs ?? DEFAULT_MAX_BOOT_US;
    try {
      for (const p of watch.start()) onProgress?.(p);
      for (;;) {
        // `down` while booting: stop here, there is nothing to pace.
        if (this.stopped) return;
        const view = this.session.view();
        for (const p of watch.progress(view)) onProgress?.(p);
        if (watch.ready(view, engine.now)) break;
        if (engine.now >= maxBootUs) {
          throw new Error(`the lab is not healthy after ${maxBootUs / US_PER_S} s simulated: ${describeUnhealthy(view)}`);
        }
        engine.runUntil(engine.now + BOOT_SLICE_US);
        if (this.options.yieldToCaller) await this.options.yieldToCaller();
      }
    } finally {
      this.bootWatch = undefined;
    }
    if (this.options.clock && !this.stopped) {
      this.driver = new PacedDriver(engine, this.options.clock, { speed: 1 });
      this.driver.start();
    }
  }

  async down(): Promise<void> {
    this.stopped = true;
    this.driver?.pause();
  }

  status(): ClusterView {
    this.catchUp();
    return this.session.view();
  }

  /** Applies the fault now (the paced clock first catches up with the wall clock). */
  inject(fault: Fault): void {
    this.catchUp();
    if (fault.kind === "sysctl" && !findSysctl(fault.name)?.additive) {
      const key = `${fault.host} ${fault.name}`;
      const value = this.session.world.host(fault.host).readSysctl(fault.name);
      if (!this.sysctlBefore.has(key) && value !== undefined) this.sysctlBefore.set(key, value);
    }
    this.session.inject(fault);
  }

  heal(fault: Fault): Fault {
    if (fault.kind !== "heal" && isRepair(fault)) throw new RangeError(`"${fault.kind}" is a repair, not a fault to heal`);
    const before = fault.kind === "sysctl" ? this.sysctlBefore.get(`${fault.host} ${fault.name}`) : undefined;
    const inverse = inverseOf(fault, before === undefined ? {} : { sysctlBefore: before });
    this.catchUp();
    this.session.inject(inverse);
    return inverse;
  }

  async exec(host: string, command: string): Promise<ExecResult> {
    if (!this.lab.hosts.some((h) => h.name === host)) {
      throw new RangeError(`unknown host "${host}": one of ${this.lab.hosts.map((h) => h.name).join(", ")}`);
    }
    this.catchUp();
    const r = runCommand(command, this.session.world.host(host));
    return { status: r.status, stdout: r.output, stderr: r.error ?? "" };
  }

  events(listener: (e: BackendEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Where the engine is now, without moving it: right after an inject, the point it was applied at. */
  position(): BackendPosition {
    const engine = this.session.engine;
    return { tUs: engine.now, events: engine.eventsProcessed, traceHash: engine.traceHash() };
  }

  /** Headless: runs to exactly the recorded point (time and event count) of a live run. */
  runTo(tUs: Micros, events: number): void {
    advanceTo(this.session.engine, tUs, events);
  }

  summary(): SimSummary {
    return this.session.summary();
  }

  /** A paced engine runs in 50 ms ticks: bring it to this very instant before acting on it. */
  private catchUp(): void {
    const driver = this.driver;
    if (!driver || driver.paused) return;
    driver.pause();
    driver.resume();
  }

  private paceState(): PaceState {
    return this.driver ? { speed: this.driver.speed, paused: this.driver.paused } : { speed: 1, paused: true };
  }

  private applySpeed(command: SpeedCommand): PaceState {
    const driver = this.driver;
    if (!driver || this.stopped) throw new RangeError("the lab is not running yet (still booting) or already stopped");
    const parsed = parseSpeedCommand(command);
    if (!parsed) throw new RangeError(`unknown speed command "${command}": use ${SPEED_FORMS}`);
    switch (parsed.kind) {
      case "pause":
        driver.pause();
        break;
      case "resume":
        driver.resume();
        break;
      case "step":
        if (!driver.paused) throw new RangeError("step runs one event while the lab is paused: pause it first (`lab speed pause`)");
        if (!driver.stepOnce()) throw new RangeError("nothing left to run: no event is pending");
        break;
      case "speed":
        driver.setSpeed(parsed.factor);
        break;
    }
    return this.paceState();
  }
}
