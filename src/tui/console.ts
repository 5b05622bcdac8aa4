// `lab console`: the blessed fault-injection console. It polls the lab's view (at most 10 times a
// second, one poll at a time; 4 times a second after a few quiet seconds), follows the event stream,
// and redraws at most 10 times a second and only when what is shown changed. Resolves when the user
// quits; the lab keeps running.

import blessed from "blessed";
import type { BackendEvent } from "../backends/backend.js";
import type { ClusterView } from "../sim/view.js";
import { ConsoleController } from "./controller.js";
import { renderScreen, waitingScreen } from "./present/screen.js";
import type { ConsoleSource } from "./source.js";
import { Widgets } from "./widgets.js";

export interface ConsoleOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly title?: string;
  /** Called after every redraw with the number of redraws so far (for benchmarks). */
  readonly onDraw?: (draws: number) => void;
}

export const POLL_INTERVAL_MS = 100;
/** Poll interval once nothing happened (no event, no key) for QUIET_AFTER_MS. */
export const QUIET_POLL_INTERVAL_MS = 250;
export const QUIET_AFTER_MS = 3000;
export const MIN_DRAW_INTERVAL_MS = 100;

const wallClock = {
  nowMs: () => performance.now(),
  setTimeout: (run: () => void, ms: number) => {
    const t = setTimeout(run, ms);
    return { clear: () => clearTimeout(t) };
  },
};

export async function runConsole(source: ConsoleSource, options: ConsoleOptions = {}): Promise<void> {
  const output = options.output ?? process.stdout;
  const screen = blessed.screen({
    // @types/blessed has input and output the wrong way round.
    input: (options.input ?? process.stdin) as never,
    output: output as never,
    smartCSR: true,
    title: options.title ?? "lab console",
    warnings: false,
    autoPadding: false,
  });
  const widgets = new Widgets(screen);
  let stopped = false;
  let drawTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polling = false;
  let lastPollMs = -Infinity;
  let lastActivityMs = wallClock.nowMs();
  let lastDrawMs = -Infinity;
  let forceDraw = true;
  let finish: () => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  // An error inside a timer or a key handler ends the console with the terminal restored, and
  // rejects runConsole's promise with it (instead of crashing with the screen in raw mode).
  const guarded = <A extends unknown[]>(run: (...args: A) => void) => (...args: A) => {
    try {
      run(...args);
    } catch (error) {
      stop(error);
    }
  };

  const draw = guarded(() => {
    drawTimer = undefined;
    if (stopped) return;
    lastDrawMs = wallClock.nowMs();
    const view = controller.view;
    const render = !view ? waitingScreen(screen.width as number, screen.height as number, controller.state.message) : renderScreen({ view, ui: controller.state, cols: screen.width as number, rows: screen.height as number, events: controller.log, speed: controller.speed(), title: options.title ?? "lab console" });
    if (widgets.show(render, forceDraw)) options.onDraw?.(widgets.draws);
    forceDraw = false;
  });

  // Coalesces every change into one draw, at most one per MIN_DRAW_INTERVAL_MS.
  const changed = () => {
    if (stopped || drawTimer !== undefined) return;
    drawTimer = setTimeout(draw, Math.max(0, lastDrawMs + MIN_DRAW_INTERVAL_MS - wallClock.nowMs()));
  };

  const stop = (error?: unknown) => {
    if (stopped) return;
    stopped = true;
    if (drawTimer !== undefined) clearTimeout(drawTimer);
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    unsubscribe();
    controller.dispose();
    source.close();
    screen.destroy();
    if (error === undefined) finish();
    else fail(error);
  };

  const controller = new ConsoleController(source, wallClock, changed, () => stop());
  // The waiting line, until the first view arrives.
  changed();

  const schedulePoll = () => {
    if (stopped || polling) return;
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    const now = wallClock.nowMs();
    const interval = now - lastActivityMs < QUIET_AFTER_MS ? POLL_INTERVAL_MS : QUIET_POLL_INTERVAL_MS;
    pollTimer = setTimeout(() => void poll(), Math.max(0, lastPollMs + interval - now));
  };

  const poll = async () => {
    pollTimer = undefined;
    polling = true;
    lastPollMs = wallClock.nowMs();
    let view: ClusterView | undefined;
    try {
      view = await source.view();
    } catch (error) {
      if (!stopped) controller.viewFailed(error);
    }
    polling = false;
    if (view && !stopped) guarded(() => controller.setView(view))();
    schedulePoll();
  };

  // Something happened: poll at the full rate again (sooner than a quiet poll would).
  const active = () => {
    const wasQuiet = wallClock.nowMs() - lastActivityMs >= QUIET_AFTER_MS;
    lastActivityMs = wallClock.nowMs();
    if (wasQuiet) schedulePoll();
  };

  const unsubscribe = source.events(guarded((e: BackendEvent) => {
    active();
    controller.event(e);
  }));

  screen.on("keypress", guarded((ch: string | undefined, key: { full?: string; name?: string } | undefined) => {
    const name = key?.full ?? key?.name ?? ch;
    if (!name) return;
    active();
    controller.key(name);
  }));
  screen.on("resize", guarded(() => {
    widgets.invalidate();
    forceDraw = true;
    changed();
  }));
  schedulePoll();
  return done;
}
