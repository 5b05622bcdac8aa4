// The simulated command layer: the commands ifstated's generated configs run, sh's && || ! ; and
// quoting, and the refusal (127 + error) of anything it does not model.
import { describe, expect, it } from "vitest";
import { SCRIPT } from "../../../src/generate/paths.js";
import { runCommand } from "../../../src/sim/commands/run-command.js";
import { FakeTarget } from "./fake-target.js";

describe("sysctl", () => {
  it("net.inet.carp.demotion=N adds (the target's rule) and prints old -> new like FreeBSD's sysctl", () => {
    const t = new FakeTarget();
    expect(runCommand("sysctl net.inet.carp.demotion=240", t)).toEqual({ status: 0, output: "net.inet.carp.demotion: 0 -> 240\n" });
    expect(runCommand("sysctl net.inet.carp.demotion=240", t).output).toBe("net.inet.carp.demotion: 240 -> 480\n");
    expect(runCommand("/sbin/sysctl net.inet.carp.demotion=-240", t).status).toBe(0);
    expect(t.sysctls.get("net.inet.carp.demotion")).toBe(240);
  });

  it("sets other sysctls, reads with and without -n, several at once", () => {
    const t = new FakeTarget();
    expect(runCommand("sysctl net.inet.carp.preempt=0", t).status).toBe(0);
    expect(t.sysctls.get("net.inet.carp.preempt")).toBe(0);
    expect(runCommand("sysctl -n net.inet.carp.demotion", t)).toEqual({ status: 0, output: "0\n" });
    expect(runCommand("sysctl net.inet.carp.preempt", t).output).toBe("net.inet.carp.preempt: 0\n");
    expect(runCommand("sysctl -n net.inet.carp.preempt=1 net.inet.carp.demotion", t).output).toBe("0 -> 1\n0\n");
  });

  it("an unknown oid or a non-integer is exit 1 with the error sysctl prints", () => {
    const t = new FakeTarget();
    expect(runCommand("sysctl net.inet.carp.nosuch=1", t)).toMatchObject({ status: 1, error: "sysctl: unknown oid 'net.inet.carp.nosuch'" });
    expect(runCommand("sysctl net.inet.carp.demotion=lots", t)).toMatchObject({ status: 1, error: "sysctl: invalid integer 'lots'" });
    expect(t.sysctls.get("net.inet.carp.demotion")).toBe(0);
    expect(runCommand("sysctl", t).status).toBe(1);
    expect(runCommand("sysctl -a", t).status).toBe(127);
  });
});

describe("ifconfig", () => {
  it("14.x: vhid N state backup|master and vhid N advskew S reach the target", () => {
    const t = new FakeTarget();
    t.setCarp("lagg0", 1, "MASTER");
    expect(runCommand("ifconfig lagg0 vhid 1 state backup", t)).toEqual({ status: 0, output: "" });
    expect(t.carp.get("lagg0/1")).toBe("BACKUP");
    expect(runCommand("ifconfig lagg0 vhid 1 state MASTER", t).status).toBe(0);
    expect(t.carp.get("lagg0/1")).toBe("MASTER");
    expect(runCommand("ifconfig lagg0 vhid 1 advskew 100", t).status).toBe(0);
    expect(t.advskews.get("lagg0/1")).toBe(100);
  });

  it("8.1: ifconfig carp0 advskew S (no vhid) and carp0 down|up", () => {
    const t = new FakeTarget();
    t.setCarp("carp0", undefined, "BACKUP");
    expect(runCommand("ifconfig carp0 advskew 240", t).status).toBe(0);
    expect(t.advskews.get("carp0")).toBe(240);
    expect(runCommand("ifconfig carp0 down", t).status).toBe(0);
    expect(t.admin.get("carp0")).toBe(false);
    expect(runCommand("/sbin/ifconfig carp0 up", t).status).toBe(0);
    expect(t.admin.get("carp0")).toBe(true);
  });

  it("checks ranges and missing interfaces like ifconfig (exit 1), refuses what it does not model (127)", () => {
    const t = new FakeTarget();
    t.setCarp("lagg0", 1, "MASTER");
    expect(runCommand("ifconfig lagg0 vhid 1 advskew 255", t)).toMatchObject({ status: 1 });
    expect(runCommand("ifconfig lagg0 vhid 0 state master", t)).toMatchObject({ status: 1 });
    expect(runCommand("ifconfig lagg0 state master", t)).toMatchObject({ status: 1, error: "ifconfig: state requires vhid" });
    expect(runCommand("ifconfig lagg0 vhid 1 state init", t)).toMatchObject({ status: 1 });
    expect(runCommand("ifconfig lagg9 vhid 1 state master", t)).toMatchObject({ status: 1, error: expect.stringMatching(/no such interface/) });
    expect(runCommand("ifconfig lagg0 vhid 1 advbase 2", t)).toMatchObject({ status: 127, error: expect.stringMatching(/advbase/) });
    expect(runCommand("ifconfig lagg0", t).status).toBe(127);
    expect(t.carp.get("lagg0/1")).toBe("MASTER");
  });
});

describe("logger", () => {
  it("logs MESSAGE with -t TAG (default root), ignores -p/-i/-s", () => {
    const t = new FakeTarget();
    expect(runCommand("logger -t ifstated CARP demoted: a web service or a LAGG is down", t).status).toBe(0);
    expect(runCommand("logger -i -p daemon.notice -- hello there", t).status).toBe(0);
    expect(t.logs).toEqual([
      { tag: "ifstated", message: "CARP demoted: a web service or a LAGG is down" },
      { tag: "root", message: "hello there" },
    ]);
    expect(runCommand("logger -t", t).status).toBe(1);
  });
});

describe("the lab's scripts and hooks", () => {
  it("check-port.sh PORT [ADDRESS] -> portOpen; exit 2 on bad arguments", () => {
    const t = new FakeTarget().open("80", "3306@10.0.20.21");
    expect(runCommand(`${SCRIPT.checkPort} 80`, t).status).toBe(0);
    expect(runCommand(`${SCRIPT.checkPort} 3180`, t).status).toBe(1);
    expect(runCommand(`${SCRIPT.checkPort} 3306 10.0.20.21`, t).status).toBe(0);
    expect(runCommand(`${SCRIPT.checkPort} 3306`, t).status).toBe(1);
    expect(t.calls).toEqual(["port 80", "port 3180", "port 3306@10.0.20.21", "port 3306"]);
    expect(runCommand(`${SCRIPT.checkPort}`, t)).toMatchObject({ status: 2, error: expect.stringMatching(/usage/) });
    expect(runCommand(`${SCRIPT.checkPort} http`, t).status).toBe(2);
    expect(runCommand(`${SCRIPT.checkPort} 80 localhost`, t).status).toBe(2);
    expect(runCommand(`${SCRIPT.checkPort} 70000`, t)).toEqual({ status: 1, output: "" });
  });

  it("carp-state.sh IFACE VHID prints the state and exits 0 only when MASTER (INIT when there is no such vhid)", () => {
    const t = new FakeTarget();
    t.setCarp("lagg1", 3, "BACKUP");
    expect(runCommand(`${SCRIPT.carpState} lagg1 3`, t)).toEqual({ status: 1, output: "BACKUP\n" });
    t.setCarp("lagg1", 3, "MASTER");
    expect(runCommand(`${SCRIPT.carpState} lagg1 3`, t)).toEqual({ status: 0, output: "MASTER\n" });
    expect(runCommand(`${SCRIPT.carpState} lagg1 4`, t)).toEqual({ status: 1, output: "INIT\n" });
    expect(runCommand(`${SCRIPT.carpState} lagg1`, t).status).toBe(2);
    t.setCarp("carp0", undefined, "MASTER"); // 8.x: ifconfig carp0 shows the carp line too
    expect(runCommand(`${SCRIPT.carpState} carp0 1`, t).status).toBe(0);
  });

  it("the MySQL promote/fence scripts are named hooks; their status is the hook's", () => {
    const t = new FakeTarget();
    expect(runCommand(SCRIPT.mysqlPromote, t).status).toBe(0);
    expect(runCommand(SCRIPT.mysqlFence, t).status).toBe(0);
    t.hookStatus = 1;
    expect(runCommand(SCRIPT.mysqlPromote, t).status).toBe(1);
    expect(t.hooks).toEqual(["mysql-promote", "mysql-fence", "mysql-promote"]);
    const custom = new Map([["/usr/local/libexec/lab/solr-promote.sh", "solr-promote"]]);
    expect(runCommand("/usr/local/libexec/lab/solr-promote.sh", t, { hooks: custom }).status).toBe(1);
    expect(t.hooks.at(-1)).toBe("solr-promote");
  });
});

describe("shell forms", () => {
  it("&& and || have equal precedence, left to right; ! inverts; ; sequences", () => {
    const t = new FakeTarget().open("80");
    expect(runCommand("false && true || true", t).status).toBe(0);
    expect(runCommand("true || false && false", t).status).toBe(1); // (true || false) && false
    expect(runCommand(`! ${SCRIPT.checkPort} 80`, t).status).toBe(1);
    expect(runCommand(`! ${SCRIPT.checkPort} 81 && logger -t x down`, t).status).toBe(0);
    expect(t.logs).toEqual([{ tag: "x", message: "down" }]);
    expect(runCommand("false; true", t).status).toBe(0);
    expect(runCommand("true; false", t).status).toBe(1);
    expect(runCommand(`${SCRIPT.checkPort} 81 || sysctl net.inet.carp.demotion=240`, t).status).toBe(0);
    expect(t.sysctls.get("net.inet.carp.demotion")).toBe(240);
  });

  it("quotes, sh -c and output redirections to /dev/null", () => {
    const t = new FakeTarget();
    runCommand(`logger -t 'my tag' "two  words" it\\'s`, t);
    expect(t.logs).toEqual([{ tag: "my tag", message: "two  words it's" }]);
    expect(runCommand(`sh -c 'sysctl -n net.inet.carp.demotion'`, t)).toEqual({ status: 0, output: "0\n" });
    expect(runCommand(`/bin/sh -c "false || true"`, t).status).toBe(0);
    expect(runCommand("sysctl -n net.inet.carp.demotion >/dev/null 2>&1", t)).toEqual({ status: 0, output: "" });
    expect(runCommand("sysctl -n net.inet.carp.demotion 2>/dev/null", t).output).toBe("0\n");
    expect(runCommand("", t).status).toBe(0);
  });

  it("an unknown command or unmodelled shell is 127 with a visible error, never success", () => {
    const t = new FakeTarget();
    for (const line of [
      "service nginx status",
      "/usr/local/libexec/lab/nosuch.sh",
      "check-port.sh 80",
      "ping -c 1 10.0.0.1 | grep ttl",
      "echo $HOME",
      "test `id -u` = 0",
      "sleep 10 &",
      "(true)",
      "sysctl -n net.inet.carp.demotion > /tmp/x",
      "FOO=1 true",
      "sh script.sh",
    ]) {
      const r = runCommand(line, t);
      expect(r.status, line).toBe(127);
      expect(r.error, line).toBeTruthy();
    }
    expect(runCommand("! nosuch", t)).toMatchObject({ status: 0, error: expect.stringMatching(/nosuch: not found/) });
  });

  it("sh syntax errors are status 2 with the error", () => {
    const t = new FakeTarget();
    for (const line of ["logger 'unterminated", "true &&", "&& true", "; true", 'logger "x']) {
      expect(runCommand(line, t), line).toMatchObject({ status: 2, error: expect.stringMatching(/syntax error/) });
    }
  });
});
