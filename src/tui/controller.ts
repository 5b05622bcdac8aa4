// The console's controller: it holds the UI state, the latest view and the event log, turns keys into
// actions (apply-action.ts) and carries out their effects on the ConsoleSource. Widgets never call
// the source; the controller never touches a widget: it tells the console that something changed.

import type { BackendEvent } from "../backends/backend.js";
import type { ClusterView } from "../sim/view.js";
import { applyKey, withEvent, withView } from "./apply-action.js";
import { EventLog } from "./event-log.js";
import { entryOf } from "./present/events.js";
import type { SpeedShown } from "./present/header.js";
import type { CommandAnswer, ConsoleSource } from "./source.js";
import { SpeedMeter } from "./speed-meter.js";
import { INITIAL_UI_STATE, type Effect, type UiState } from "./ui-state.js";

export interface ControllerClock {
  nowMs(): number;
  setTimeout(run: () => void, ms: number): { clear(): void };
}

export const MESSAGE_SHOWN_MS = 6000;
/** How long a new takeover stays highlighted, in wall time (whatever the simulation's speed). */
export const FAILOVER_FRESH_MS = 15000;

export class ConsoleController {
  private ui: UiState = INITIAL_UI_STATE;
  private latest: ClusterView | undefined;
  private hostNames: readonly string[] = [];
  private readonly meter = new SpeedMeter();
  private messageTimer: { clear(): void } | undefined;
  private freshTimer: { clear(): void } | undefined;
  readonly log = new EventLog();

  constructor(
    private readonly source: ConsoleSource,
    private readonly clock: ControllerClock,
    /** Called whenever what the screen shows may have changed. */
    private readonly changed: () => void,
    /** Called once when the user quits. */
    private readonly quit: () => void,
  ) {}

  get state(): UiState {
    return this.ui;
  }

  get view(): ClusterView | undefined {
    return this.latest;
  }

  speed(): SpeedShown | undefined {
    return this.meter.shown(this.clock.nowMs());
  }

  setView(view: ClusterView): void {
    this.latest = view;
    if (this.hostNames.length !== view.hosts.length) this.hostNames = view.hosts.map((h) => h.name);
    this.meter.sample(this.clock.nowMs(), view.timeS);
    this.ui = withView(this.ui, view);
    if (view.failovers.length > (this.ui.failoversSeen ?? 0) && this.freshTimer === undefined) {
      this.freshTimer = this.clock.setTimeout(() => {
        this.freshTimer = undefined;
        this.ui = { ...this.ui, failoversSeen: this.latest?.failovers.length ?? 0 };
        this.changed();
      }, FAILOVER_FRESH_MS);
    }
    this.changed();
  }

  /** The lab did not answer a poll: say so until it does again. */
  viewFailed(error: unknown): void {
    this.say({ ok: false, message: `the lab does not answer: ${error instanceof Error ? error.message : String(error)}` });
  }

  event(e: BackendEvent): void {
    this.log.push(entryOf(e, this.hostNames));
    this.ui = withEvent(this.ui, e.event);
    this.changed();
  }

  key(name: string): void {
    if (!this.latest) {
      if (name === "q" || name === "C-c") this.quit();
      return;
    }
    // Pause/resume goes by the speed shown (it may have been changed from another terminal).
    const shown = this.speed();
    if (shown && (shown.paused !== this.ui.speed?.paused)) this.ui = { ...this.ui, speed: { speed: shown.speed, paused: shown.paused } };
    const outcome = applyKey(this.ui, name, this.latest);
    const changed = outcome.state !== this.ui;
    this.ui = outcome.state;
    if (changed) this.changed();
    for (const effect of outcome.effects) void this.run(effect);
  }

  private async run(effect: Effect): Promise<void> {
    try {
      switch (effect.kind) {
        case "quit":
          this.quit();
          return;
        case "inject":
          this.say(await this.source.inject(effect.text));
          return;
        case "heal":
          // One at a time, in order: the answers say which ones the lab refused.
          for (const text of effect.texts) this.say(await this.source.heal(text));
          return;
        case "speed": {
          const answer = await this.source.speed(effect.command);
          this.meter.answered(answer.speed, answer.paused, this.clock.nowMs());
          this.ui = { ...this.ui, speed: { speed: answer.speed, paused: answer.paused } };
          this.say(answer);
          return;
        }
      }
    } catch (error) {
      this.say({ ok: false, message: `the lab did not answer: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private say(answer: CommandAnswer): void {
    this.ui = { ...this.ui, message: { text: answer.message, ok: answer.ok } };
    this.messageTimer?.clear();
    this.messageTimer = this.clock.setTimeout(() => {
      this.ui = { ...this.ui, message: undefined };
      this.changed();
    }, MESSAGE_SHOWN_MS);
    this.changed();
  }

  dispose(): void {
    this.messageTimer?.clear();
    this.freshTimer?.clear();
  }
}
