// What a key does, as a pure function: (UI state, action, view) -> new UI state and the effects the
// controller carries out on the lab (inject, heal, speed, quit).

import type { ClusterView } from "../sim/view.js";
import type { TraceEvent } from "../sim/engine/engine.js";
import { actionFor, type Action, type Scope } from "./keymap.js";
import { trackFault } from "./present/heal-menu.js";
import { menuEntries } from "./present/menu-entries.js";
import type { MenuKind } from "./present/menu.js";
import { hostOrder } from "./present/tiers.js";
import type { Effect, UiState } from "./ui-state.js";

export interface Outcome {
  readonly state: UiState;
  readonly effects: readonly Effect[];
}

export function scopeOf(state: UiState): Scope {
  return state.overlay.kind === "none" ? "main" : state.overlay.kind;
}

/**
 * The selected host, kept valid as the view changes (the first host when none is selected); the
 * takeovers of the first view count as seen (only later ones are news).
 */
export function withView(state: UiState, view: ClusterView): UiState {
  const seen = state.failoversSeen === undefined ? { ...state, failoversSeen: view.failovers.length } : state;
  const order = hostOrder(view);
  if (seen.selectedHost !== undefined && order.includes(seen.selectedHost)) return seen;
  return order[0] === undefined ? seen : { ...seen, selectedHost: order[0] };
}

/** The faults in force and the last fault, followed from the event stream. */
export function withEvent(state: UiState, event: TraceEvent): UiState {
  const activeFaults = trackFault(state.activeFaults, event);
  const lastFault = event.type === "fault.inject" && typeof event.fault === "string" ? { text: event.fault, atS: event.t / 1e6 } : state.lastFault;
  return activeFaults === state.activeFaults && lastFault === state.lastFault ? state : { ...state, activeFaults, lastFault };
}

function moveHost(state: UiState, view: ClusterView, by: number): UiState {
  const order = hostOrder(view);
  if (order.length === 0) return state;
  const at = state.selectedHost === undefined ? -1 : order.indexOf(state.selectedHost);
  const next = at === -1 ? 0 : (at + by + order.length) % order.length;
  return { ...state, selectedHost: order[next] };
}

function openMenu(state: UiState, view: ClusterView, menu: MenuKind): Outcome {
  if (menuEntries(state, view, menu).length === 0) {
    const text = menu === "heal" ? "no fault in force: nothing to heal" : "select a host first (↑/↓)";
    return { state: { ...state, message: { text, ok: true } }, effects: [] };
  }
  return { state: { ...state, overlay: { kind: "menu", menu, index: 0 } }, effects: [] };
}

function choose(state: UiState, view: ClusterView): Outcome {
  if (state.overlay.kind !== "menu") return { state, effects: [] };
  const entries = menuEntries(state, view, state.overlay.menu);
  const entry = entries[Math.min(state.overlay.index, entries.length - 1)];
  const closed: UiState = { ...state, overlay: { kind: "none" } };
  if (!entry) return { state: closed, effects: [] };
  const effect = entry.effect;
  if (effect.kind === "filter") return { state: { ...closed, filter: effect.filter }, effects: [] };
  return { state: closed, effects: [effect] };
}

function moveInMenu(state: UiState, view: ClusterView, by: number): UiState {
  if (state.overlay.kind !== "menu") return state;
  const count = menuEntries(state, view, state.overlay.menu).length;
  if (count === 0) return state;
  const index = (Math.min(state.overlay.index, count - 1) + by + count) % count;
  return { ...state, overlay: { ...state.overlay, index } };
}

function stay(state: UiState, ...effects: Effect[]): Outcome {
  return { state, effects };
}

export function applyAction(state: UiState, action: Action, view: ClusterView): Outcome {
  switch (action) {
    case "host-prev": return stay(moveHost(state, view, -1));
    case "host-next": return stay(moveHost(state, view, 1));
    case "fault-menu": return openMenu(state, view, "fault");
    case "heal-menu": return openMenu(state, view, "heal");
    case "filter-menu": return openMenu(state, view, "filter");
    case "help": return stay({ ...state, overlay: { kind: "help" } });
    case "menu-up": return stay(moveInMenu(state, view, -1));
    case "menu-down": return stay(moveInMenu(state, view, 1));
    case "choose": return choose(state, view);
    case "close": return stay({ ...state, overlay: { kind: "none" } });
    case "pause": return stay(state, { kind: "speed", command: state.speed?.paused ? "resume" : "pause" });
    case "step":
      if (state.speed?.paused !== true) return stay({ ...state, message: { text: "step runs one event while paused: press space to pause first", ok: false } });
      return stay(state, { kind: "speed", command: "step" });
    case "speed-1x": return stay(state, { kind: "speed", command: "1x" });
    case "speed-10x": return stay(state, { kind: "speed", command: "10x" });
    case "speed-100x": return stay(state, { kind: "speed", command: "100x" });
    case "quit": return stay(state, { kind: "quit" });
  }
}

/** A key press: the action the keymap gives it in the current scope, applied (nothing for other keys). */
export function applyKey(state: UiState, key: string, view: ClusterView): Outcome {
  const action = actionFor(key, scopeOf(state));
  return action === undefined ? stay(state) : applyAction(state, action, view);
}
