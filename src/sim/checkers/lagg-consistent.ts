// LAGG state consistent with its ports: a lagg is up exactly while at least one port is active.

import type { TraceEvent } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { Checker, Verdict, Violation } from "./checker.js";

export function laggChecker(): Checker {
  const active = new Map<string, Set<string>>();
  const state = new Map<string, string>();
  const violations: Violation[] = [];
  const check = (key: string, t: Micros) => {
    const s = state.get(key);
    if (s === undefined) return;
    const n = active.get(key)?.size ?? 0;
    if ((s === "up") !== n > 0) violations.push({ startUs: t, endUs: t, message: `${key} is ${s} with ${n} active port(s)` });
  };
  let pending: { key: string; t: Micros } | undefined;
  return {
    name: "LAGG up exactly while a port is active",
    observe(e: TraceEvent) {
      // A port change and the lagg change it causes share one instant: check once time moves on.
      if (pending && pending.t !== e.t) {
        check(pending.key, pending.t);
        pending = undefined;
      }
      if (e.type === "lagg.port") {
        const key = `${e.host}/${e.iface}`;
        const set = active.get(key) ?? new Set<string>();
        active.set(key, set);
        if (e.to === "active") set.add(String(e.port));
        else set.delete(String(e.port));
        pending = { key, t: e.t };
      } else if (e.type === "lagg.state") {
        const key = `${e.host}/${e.iface}`;
        state.set(key, String(e.to));
        pending = { key, t: e.t };
      }
    },
    finish(): Verdict {
      if (pending) check(pending.key, pending.t);
      return { checker: this.name, ok: violations.length === 0, violations };
    },
  };
}
