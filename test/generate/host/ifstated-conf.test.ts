// ifstated.conf of the reference lab, read back with our parser and evaluated: what the proxies
// and database hosts do when a service, a LAGG or CARP mastership changes, on 14.2 and 8.1.
import { describe, expect, it } from "vitest";
import type { IfstatedAction, IfstatedConfig, IfstatedExpr } from "../../../src/formats/ifstated/ast.js";
import { initialState, statesOf } from "../../../src/formats/ifstated/ast.js";
import { expandIfstatedMacros, parseIfstated } from "../../../src/formats/ifstated/parse.js";
import { SCRIPT } from "../../../src/generate/paths.js";
import type { Release } from "../../../src/model/types.js";
import type { TestValues } from "./support.js";
import { evalExpr, generated } from "./support.js";

function configOf(release: Release, host: string): IfstatedConfig {
  const r = parseIfstated(generated(release).text(host, "/usr/local/etc/ifstated.conf"));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return expandIfstatedMacros(r.value);
}

/** The actions a state's body runs for these test values (ifstated evaluates every `if`). */
function fire(actions: readonly IfstatedAction[], values: TestValues): IfstatedAction[] {
  return actions.flatMap((a) => (a.kind === "if" ? (evalExpr(a.condition, values) ? fire(a.actions, values) : []) : [a]));
}

function body(config: IfstatedConfig, state: string, values: TestValues): string[] {
  return fire(statesOf(config).get(state)!.body, values).map((a) => (a.kind === "run" ? `run ${a.command}` : a.kind === "set-state" ? `set-state ${a.state}` : "if"));
}

const healthyLinks = { lagg0: "up", lagg1: "up" } as const;
const allPortsUp = () => true;

describe("proxies", () => {
  it("14.2: any web service or LAGG down demotes CARP by 240, all back undoes it", () => {
    const c = configOf("14.2", "proxy01");
    expect(initialState(c)).toBe("primary");
    expect(body(c, "primary", { links: healthyLinks, commands: allPortsUp })).toEqual([]);
    for (const port of [80, 3180, 3380]) {
      const down = (cmd: string) => cmd !== `${SCRIPT.checkPort} ${port}`;
      expect(body(c, "primary", { links: healthyLinks, commands: down })).toEqual(["run sysctl net.inet.carp.demotion=240", "set-state demoted"]);
      expect(body(c, "demoted", { links: healthyLinks, commands: down })).toEqual([]);
    }
    // lagg1 alone down must demote too (a bare `lagg0.link.up && lagg1.link.up` macro would not, pasted after `!`).
    for (const lagg of ["lagg0", "lagg1"]) {
      expect(body(c, "primary", { links: { ...healthyLinks, [lagg]: "down" }, commands: allPortsUp })).toEqual(["run sysctl net.inet.carp.demotion=240", "set-state demoted"]);
    }
    expect(body(c, "demoted", { links: healthyLinks, commands: allPortsUp })).toEqual(["run sysctl net.inet.carp.demotion=-240", "set-state primary"]);
    expect(statesOf(c).get("demoted")!.init).toEqual([{ kind: "run", command: "logger -t ifstated CARP demoted: a web service or a LAGG is down" }]);
  });

  it("14.2: the checks are external tests of check-port.sh every 5 s; no carpN test", () => {
    const text = generated("14.2").text("proxy01", "/usr/local/etc/ifstated.conf");
    for (const port of [80, 3180, 3380]) expect(text).toContain(`"${SCRIPT.checkPort} ${port}" every 5`);
    expect(text).not.toMatch(/carp\d/);
  });

  it("8.1: demotes with carp0 advskew 240 and restores the configured advskew; logs carp0.link changes", () => {
    const p1 = configOf("8.1", "proxy01");
    const p2 = configOf("8.1", "proxy02");
    const down = (cmd: string) => !cmd.endsWith(" 80");
    expect(body(p1, "primary", { links: healthyLinks, commands: down })).toEqual(["run ifconfig carp0 advskew 240", "set-state demoted"]);
    expect(body(p1, "demoted", { links: healthyLinks, commands: allPortsUp })).toEqual(["run ifconfig carp0 advskew 0", "set-state primary"]);
    expect(body(p2, "demoted", { links: healthyLinks, commands: allPortsUp })).toEqual(["run ifconfig carp0 advskew 100", "set-state primary"]);
    const globals = p1.entries.filter((e) => e.kind === "action").map((e) => (e as { action: { condition: IfstatedExpr } }).action.condition);
    expect(globals).toEqual([{ kind: "link", interface: "carp0", state: "up" }, { kind: "link", interface: "carp0", state: "down" }]);
    expect(generated("8.1").text("proxy01", "/usr/local/etc/ifstated.conf")).not.toMatch(/demotion/);
  });
});

describe("database hosts", () => {
  const states = (c: IfstatedConfig) => [...statesOf(c).keys()];

  it("14.2: follow the CARP state with carp-state.sh lagg1 3 every 1; MASTER promotes, losing it fences", () => {
    const c = configOf("14.2", "db02");
    expect(initialState(c)).toBe("startup");
    expect(states(c)).toEqual(["startup", "master", "backup", "mysqld_down"]);
    const mysqlUp = (cmd: string) => cmd === `${SCRIPT.checkPort} 3306`;
    const master = { links: {}, commands: (cmd: string) => cmd === `${SCRIPT.carpState} lagg1 3` || mysqlUp(cmd) };
    const backup = { links: {}, commands: mysqlUp };
    expect(body(c, "startup", master)).toEqual(["set-state master"]);
    expect(body(c, "startup", backup)).toEqual(["set-state backup"]);
    expect(statesOf(c).get("master")!.init).toEqual([{ kind: "run", command: SCRIPT.mysqlPromote }]);
    expect(statesOf(c).get("backup")!.init).toEqual([{ kind: "run", command: SCRIPT.mysqlFence }]);
    expect(body(c, "master", backup)).toEqual(["set-state backup"]);
    expect(body(c, "master", master)).toEqual([]);
    expect(body(c, "backup", master)).toEqual(["set-state master"]);
    // mysqld not answering: demote (the peer takes the VIP), whatever the CARP state; back: undo, start over.
    const mysqlDown = { links: {}, commands: (cmd: string) => cmd === `${SCRIPT.carpState} lagg1 3` };
    expect(body(c, "master", mysqlDown)).toEqual(["run sysctl net.inet.carp.demotion=240", "set-state mysqld_down"]);
    expect(body(c, "backup", { links: {}, commands: () => false })).toEqual(["run sysctl net.inet.carp.demotion=240", "set-state mysqld_down"]);
    expect(body(c, "mysqld_down", mysqlDown)).toEqual([]);
    // Back: it stays demoted (a replica of the new master) until an operator fails back.
    expect(body(c, "mysqld_down", master)).toEqual(["run logger -t ifstated mysqld is back: stays demoted until an operator fails back", "set-state startup"]);
    expect(generated("14.2").text("db02", "/usr/local/etc/ifstated.conf")).toContain(`"${SCRIPT.carpState} lagg1 3" every 1`);
    expect(generated("14.2").text("db02", "/usr/local/etc/ifstated.conf")).toContain(`"${SCRIPT.checkPort} 3306" every 1`);
  });

  it("8.1: the same states on carp0.link.up (INIT, link unknown, counts as not master)", () => {
    const c = configOf("8.1", "db01");
    expect(states(c)).toEqual(["startup", "master", "backup", "mysqld_down"]);
    const mysqlUp = (cmd: string) => cmd === `${SCRIPT.checkPort} 3306`;
    expect(body(c, "startup", { links: { carp0: "up" }, commands: mysqlUp })).toEqual(["set-state master"]);
    expect(body(c, "master", { links: { carp0: "unknown" }, commands: mysqlUp })).toEqual(["set-state backup"]);
    expect(body(c, "backup", { links: { carp0: "down" }, commands: mysqlUp })).toEqual([]);
    // 8.1 demotes by advskew (no demotion sysctl), back to db01's configured 0.
    expect(body(c, "master", { links: { carp0: "up" }, commands: () => false })).toEqual(["run ifconfig carp0 advskew 240", "set-state mysqld_down"]);
    expect(body(c, "mysqld_down", { links: { carp0: "down" }, commands: mysqlUp })).toEqual(["run logger -t ifstated mysqld is back: stays demoted until an operator fails back", "set-state startup"]);
    expect(generated("8.1").text("db01", "/usr/local/etc/ifstated.conf")).toContain("# Fail back by hand once replication has caught up: ifconfig carp0 advskew 0");
    expect(generated("8.1").text("db01", "/usr/local/etc/ifstated.conf")).not.toMatch(/carp-state\.sh/);
  });
});

describe("hosts without ifstated", () => {
  it("app and storage hosts get no ifstated.conf", () => {
    for (const release of ["14.2", "8.1"] as const) {
      const g = generated(release);
      for (const host of ["app01", "app02", "stor01", "stor02"]) expect(g.files.has(`hosts/${host}/usr/local/etc/ifstated.conf`)).toBe(false);
    }
  });
});
