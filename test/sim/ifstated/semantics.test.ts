// ifstated(8) semantics on small configs: edge-triggered bodies, set-state after the body, init
// blocks, equal precedence of && and ||, never-seen tests, unknown commands as errors, stop().
import { describe, expect, it } from "vitest";
import { IfstatedDaemon, MAX_STATE_CHANGES } from "../../../src/sim/ifstated/daemon.js";
import { Engine } from "../../../src/sim/engine/engine.js";
import { FakeTarget } from "../commands/fake-target.js";
import { generatedIfstated, healthyProxy, parseConfig, rig, secondsOf } from "./harness.js";

const up = (...ifaces: string[]) => (t: FakeTarget) => ifaces.forEach((i) => t.setLink(i, "up"));

describe("evaluation", () => {
  it("a body runs only when a test it uses changes value, and every if of it is evaluated", () => {
    const conf = parseConfig(`
state one {
	if lagg0.link.up {
		run "logger a-up"
	}
	if lagg0.link.up && lagg1.link.up {
		run "logger both-up"
	}
}
`);
    const r = rig(conf, "h", up("lagg0", "lagg1", "em0"));
    r.at(0, () => r.daemon.start());
    expect(r.runs()).toEqual(["logger a-up", "logger both-up"]); // entering a state evaluates its body
    r.at(5, () => r.target.setLink("em0", "down")); // not used by the state: nothing
    r.at(10);
    expect(r.runs()).toHaveLength(2);
    r.at(11, () => r.target.setLink("lagg1", "down"));
    r.at(12);
    expect(r.runs()).toEqual(["logger a-up", "logger both-up", "logger a-up"]); // lagg0 still up: its if holds again
    r.at(13, () => r.target.setLink("lagg1", "unknown")); // a change of state, even one that keeps both tests false
    r.at(14);
    expect(r.runs()).toHaveLength(4);
  });

  it("an external test re-evaluates only when its exit status changes", () => {
    const conf = parseConfig(`
state one {
	if "/usr/local/libexec/lab/check-port.sh 80" every 2 {
		run "logger open"
	}
	if ! "/usr/local/libexec/lab/check-port.sh 80" every 2 {
		run "logger closed"
	}
}
`);
    const r = rig(conf, "h", (t) => t.open("80"));
    r.at(0, () => r.daemon.start());
    r.at(9.5, () => r.target.close("80"));
    r.at(30);
    expect(r.runs()).toEqual(["logger open", "logger closed"]);
    expect(secondsOf(r.events("ifstated.run")[1]!)).toBe(10);
  });

  it("set-state takes effect after the whole body; the new state's init then body run", () => {
    const conf = parseConfig(`
init-state a
state a {
	if lagg0.link.down {
		set-state b
		run "logger still-in-a"
	}
	if lagg0.link.down {
		run "logger second-if-of-a"
	}
}
state b {
	init {
		run "logger init-b"
	}
	run "logger body-b"
}
`);
    const r = rig(conf, "h", up("lagg0"));
    r.at(0, () => r.daemon.start());
    r.at(3, () => r.target.setLink("lagg0", "down"));
    r.at(4);
    expect(r.runs()).toEqual(["logger still-in-a", "logger second-if-of-a", "logger init-b", "logger body-b"]);
    expect(r.events("ifstated.state").map((e) => [e.from, e.to])).toEqual([[null, "a"], ["a", "b"]]);
  });

  it("&& and || have equal precedence, left to right, as the parser's AST says", () => {
    const conf = parseConfig(`
state one {
	if lagg0.link.up || lagg1.link.up && lagg2.link.up {
		run "logger yes"
	}
}
`);
    const r = rig(conf, "h", (t) => {
      t.setLink("lagg0", "up");
      t.setLink("lagg1", "down");
      t.setLink("lagg2", "down");
    });
    r.at(0, () => r.daemon.start());
    expect(r.runs()).toEqual([]); // (up || down) && down; C precedence would say yes
  });

  it("a test that never had a value is false even under ! (ifstated's cached truth), and a missing interface is an error", () => {
    const conf = parseConfig(`
state one {
	if ! lagg9.link.up {
		run "logger not-up"
	}
	if ! lagg0.link.up || ! lagg9.link.up {
		run "logger mixed"
	}
}
`);
    const r = rig(conf, "h", up("lagg0"));
    r.at(0, () => r.daemon.start());
    expect(r.runs()).toEqual([]);
    expect(r.events("ifstated.error")).toEqual([
      { t: 0, type: "ifstated.error", host: "h", command: "lagg9.link", message: expect.stringMatching(/no interface lagg9/) },
    ]);
  });

  it("a set-state loop is cut with an error instead of hanging", () => {
    const conf = parseConfig(`
state a {
	if lagg0.link.up {
		set-state b
	}
}
state b {
	if lagg0.link.up {
		set-state a
	}
}
`);
    const r = rig(conf, "h", up("lagg0"));
    r.at(0, () => r.daemon.start());
    expect(r.events("ifstated.state")).toHaveLength(MAX_STATE_CHANGES);
    expect(r.events("ifstated.error")[0]).toMatchObject({ message: expect.stringMatching(/set-state loop/) });
  });

  it("a link change reported during a command is handled after the current evaluation", () => {
    const conf = parseConfig(`
state a {
	if lagg0.link.up {
		run "/usr/local/libexec/lab/mysql-promote.sh"
		run "logger after-hook"
	}
	if lagg0.link.down {
		run "logger down"
	}
}
`);
    const r = rig(conf, "h", up("lagg0"));
    const runHook = r.target.runHook.bind(r.target);
    r.target.runHook = (name) => {
      r.target.setLink("lagg0", "down"); // the hook takes the link down; the routing message queues
      return runHook(name);
    };
    r.at(0, () => r.daemon.start());
    r.at(1);
    expect(r.runs()).toEqual(["/usr/local/libexec/lab/mysql-promote.sh", "logger after-hook", "logger down"]);
  });
});

describe("errors", () => {
  it("an unknown command in run is status 127 and an ifstated.error event", () => {
    const conf = parseConfig(`
state one {
	init {
		run "frobnicate --now"
	}
}
`);
    const r = rig(conf, "h", () => {});
    r.at(0, () => r.daemon.start());
    expect(r.events()).toEqual([
      { t: 0, type: "ifstated.state", host: "h", from: null, to: "one" },
      { t: 0, type: "ifstated.run", host: "h", command: "frobnicate --now", status: 127 },
      { t: 0, type: "ifstated.error", host: "h", command: "frobnicate --now", message: expect.stringMatching(/frobnicate: not found/) },
    ]);
  });

  it("an unknown external test is false, reported once (not every period)", () => {
    const conf = parseConfig(`
state one {
	if "service nginx onestatus" every 2 {
		run "logger nginx-up"
	}
}
`);
    const r = rig(conf, "h", () => {});
    r.at(0, () => r.daemon.start());
    r.at(60);
    expect(r.runs()).toEqual([]);
    expect(r.events("ifstated.error")).toHaveLength(1);
    expect(r.events("ifstated.error")[0]).toMatchObject({ command: "service nginx onestatus" });
  });
});

describe("lifecycle", () => {
  it("stop() cancels every timer and ignores later link changes; start() begins afresh", () => {
    const r = rig(generatedIfstated("14.2", "proxy01"), "proxy01", healthyProxy("14.2"));
    r.at(0, () => r.daemon.start());
    r.at(7);
    expect(r.engine.nextTime()).toBeDefined();
    r.daemon.stop();
    r.target.setLink("lagg0", "down");
    expect(r.engine.nextTime()).toBeUndefined();
    const before = r.trace.length;
    r.at(600);
    expect(r.trace.length).toBe(before);
    expect(r.daemon.running).toBe(false);
    expect(r.daemon.currentState).toBeUndefined();
    r.at(601, () => r.daemon.start()); // boots with lagg0 down: primary, then demoted at once
    r.at(602);
    expect(r.events("ifstated.state").map((e) => [e.from, e.to])).toEqual([[null, "primary"], [null, "primary"], ["primary", "demoted"]]);
    expect(r.target.sysctls.get("net.inet.carp.demotion")).toBe(240);
  });

  it("stop() between a check's run and its reaping drops the result", () => {
    const engine = new Engine(1);
    const target = new FakeTarget("h").open("80");
    const conf = parseConfig(`
state one {
	if ! "/usr/local/libexec/lab/check-port.sh 80" every 5 {
		run "logger down"
	}
}
`);
    const daemon = new IfstatedDaemon(engine, "h", conf, target);
    const runs: unknown[] = [];
    engine.onEvent((e, level) => level === "state" && e.type === "ifstated.run" && runs.push(e.command));
    daemon.start();
    target.close("80");
    engine.at(5_000_000, () => daemon.stop()); // scheduled after the check's timer: runs between run and reap
    engine.runUntil(60_000_000);
    expect(runs).toEqual([]);
    expect(engine.nextTime()).toBeUndefined();
  });
});

describe("ifstated.c's eval_state() check, kept on purpose", () => {
  it("right after re-entering a state, a link change is acted on only once its oldest check has run again", () => {
    const r = rig(generatedIfstated("14.2", "proxy01"), "proxy01", healthyProxy("14.2"));
    r.at(0, () => r.daemon.start());
    r.at(3, () => r.target.close("80")); // demoted at 5
    r.at(6, () => r.target.open("80")); // primary again at 10: its checks were last reaped at 5, before the re-entry
    r.at(12, () => r.target.setLink("lagg1", "down")); // 12 < 15 (the first periodic check since 10): skipped
    r.at(14);
    expect(r.daemon.currentState).toBe("primary");
    r.at(40);
    // the periodic checks at 15, 20, ... do not change status, so nothing re-evaluates: still primary
    expect(r.daemon.currentState).toBe("primary");
    expect(r.target.sysctls.get("net.inet.carp.demotion")).toBe(0);
    r.at(41, () => r.target.setLink("lagg0", "down")); // checks have run since 10: this change is acted on
    r.at(41);
    expect(r.daemon.currentState).toBe("demoted");
    expect(r.target.sysctls.get("net.inet.carp.demotion")).toBe(240);
  });
});
