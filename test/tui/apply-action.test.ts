import { describe, expect, it } from "vitest";
import { applyAction, applyKey, withEvent, withView } from "../../src/tui/apply-action.js";
import { hostOrder } from "../../src/tui/present/tiers.js";
import { INITIAL_UI_STATE, type UiState } from "../../src/tui/ui-state.js";
import { healthyView, withHost } from "./fixtures/cluster-view.js";

const view = healthyView();
const start = withView(INITIAL_UI_STATE, view);

function press(state: UiState, ...keys: string[]) {
  let s = state;
  const effects = [];
  for (const k of keys) {
    const o = applyKey(s, k, view);
    s = o.state;
    effects.push(...o.effects);
  }
  return { state: s, effects };
}

describe("console actions", () => {
  it("selects the first host, and moves through hosts in tier order, wrapping", () => {
    const order = hostOrder(view);
    expect(start.selectedHost).toBe(order[0]);
    expect(press(start, "down", "down").state.selectedHost).toBe(order[2]);
    expect(press(start, "up").state.selectedHost).toBe(order[order.length - 1]);
    expect(press(start, ...order.map(() => "j")).state.selectedHost).toBe(order[0]);
  });

  it("fault menu: choosing an entry injects that fault and closes the menu", () => {
    const opened = press(start, "down", "f");
    expect(opened.state.overlay).toEqual({ kind: "menu", menu: "fault", index: 0 });
    const chosen = press(opened.state, "down", "enter");
    expect(chosen.effects).toEqual([{ kind: "inject", text: "crash proxy02" }]);
    expect(chosen.state.overlay).toEqual({ kind: "none" });
    // Esc closes without doing anything; moving up from the first entry wraps to the last.
    expect(press(opened.state, "escape")).toEqual({ state: { ...opened.state, overlay: { kind: "none" } }, effects: [] });
    const last = press(opened.state, "up");
    expect(last.state.overlay).toMatchObject({ index: expect.any(Number) });
    expect((last.state.overlay as { index: number }).index).toBeGreaterThan(10);
  });

  it("heal menu: undoes the faults in force; with none it says so instead of opening", () => {
    expect(press(start, "h").state).toMatchObject({ overlay: { kind: "none" }, message: { text: "no fault in force: nothing to heal" } });
    const s = withEvent(start, { t: 5_000_000, type: "fault.inject", fault: "nic-down db01 em0" });
    expect(s.lastFault).toEqual({ text: "nic-down db01 em0", atS: 5 });
    expect(press(s, "h", "enter").effects).toEqual([{ kind: "heal", texts: ["nic-down db01 em0"] }]);
  });

  it("filter menu changes the event filter without touching the lab", () => {
    const r = press(start, "e", "down", "down", "enter");
    expect(r.effects).toEqual([]);
    expect(r.state.filter).toEqual({ minSeverity: "warning" });
  });

  it("space pauses or resumes by the last answer; step only while paused; 1/2/3 set the speed", () => {
    expect(press(start, "space").effects).toEqual([{ kind: "speed", command: "pause" }]);
    const paused = { ...start, speed: { speed: 1, paused: true } };
    expect(press(paused, "space", "s").effects).toEqual([{ kind: "speed", command: "resume" }, { kind: "speed", command: "step" }]);
    expect(press(start, "s")).toMatchObject({ effects: [], state: { message: { ok: false } } });
    expect(press(start, "1", "2", "3").effects.map((e) => (e.kind === "speed" ? e.command : ""))).toEqual(["1x", "10x", "100x"]);
  });

  it("help opens and closes; q quits from the main screen only", () => {
    const help = press(start, "?");
    expect(help.state.overlay).toEqual({ kind: "help" });
    expect(press(help.state, "q")).toEqual({ state: { ...help.state, overlay: { kind: "none" } }, effects: [] });
    expect(press(start, "q").effects).toEqual([{ kind: "quit" }]);
    expect(applyAction(help.state, "quit", view).effects).toEqual([{ kind: "quit" }]);
  });

  it("keeps the selection valid when the view changes", () => {
    const s = { ...start, selectedHost: "gone01" };
    expect(withView(s, view).selectedHost).toBe(hostOrder(view)[0]);
    const kept = { ...start, selectedHost: "db02" };
    expect(withView(kept, withHost(view, "db02", (h) => ({ ...h, power: "off" })))).toBe(kept);
  });
});
