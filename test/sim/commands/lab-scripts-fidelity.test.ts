// The command layer's check-port.sh and carp-state.sh agree with the GENERATED scripts: each case
// runs the real script text under /bin/sh with stub nc/ifconfig that play the same host state as
// the fake target, and compares exit status and output.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { hostPath } from "../../../src/generate/artifact.js";
import { generateHostNetwork } from "../../../src/generate/host/index.js";
import { SCRIPT } from "../../../src/generate/paths.js";
import { runCommand } from "../../../src/sim/commands/run-command.js";
import type { CarpState } from "../../../src/sim/host-api.js";
import { referenceLab } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { FakeTarget } from "./fake-target.js";

const dir = mkdtempSync(join(tmpdir(), "lab-scripts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeExecutable(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

function generatedScript(path: string): string {
  const files = generateHostNetwork(referenceLab("14.2"), { provider: "virtualbox" });
  const found = files.find((a) => a.path === hostPath("proxy01", path));
  if (!found) throw new Error(`no ${path} generated for proxy01`);
  return found.content;
}

// stubs: nc succeeds when "ADDRESS:PORT" is listed in FAKE_OPEN; ifconfig shows FAKE_CARP for FAKE_IFACE
const STUB_NC = `#!/bin/sh
for a in "$@"; do last2=$last1; last1=$a; done
case " $FAKE_OPEN " in *" $last2:$last1 "*) exit 0 ;; esac
exit 1
`;
const STUB_IFCONFIG = `#!/bin/sh
if [ "$1" != "$FAKE_IFACE" ]; then echo "ifconfig: interface $1 does not exist" >&2; exit 1; fi
echo "$1: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500"
echo "	inet 10.0.20.21 netmask 0xffffff00 broadcast 10.0.20.255"
[ -z "$FAKE_CARP" ] || printf '\\tcarp: %s advbase 1 advskew 0\\n' "$FAKE_CARP"
`;

describeWithTool("sh", "generated check scripts vs the command layer", () => {
  const bin = join(dir, "bin");
  const setup = () => {
    runTool("mkdir", ["-p", bin]);
    writeFileSync(join(bin, "nc"), STUB_NC);
    chmodSync(join(bin, "nc"), 0o755);
    writeFileSync(join(bin, "ifconfig"), STUB_IFCONFIG);
    chmodSync(join(bin, "ifconfig"), 0o755);
    return {
      checkPort: writeExecutable("check-port.sh", generatedScript(SCRIPT.checkPort)),
      carpState: writeExecutable("carp-state.sh", generatedScript(SCRIPT.carpState)),
    };
  };
  const scripts = setup();
  const realRun = (script: string, args: string[], env: Record<string, string>) => {
    const r = runTool("sh", [script, ...args], { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, ...env } });
    return { status: r.status, output: r.stdout };
  };

  it("check-port.sh: same exit status for open/closed ports, default address, bad arguments", () => {
    const open = ["127.0.0.1:80", "10.0.20.21:3306"];
    const target = new FakeTarget().open("80", "3306@10.0.20.21");
    const cases = [["80"], ["3180"], ["3306", "10.0.20.21"], ["3306"], [], ["http"], ["80", "localhost"], ["1", "2", "3"], ["99999"]];
    for (const args of cases) {
      const real = realRun(scripts.checkPort, args, { FAKE_OPEN: open.join(" ") });
      const sim = runCommand([SCRIPT.checkPort, ...args].join(" "), target);
      expect({ args, status: sim.status }).toEqual({ args, status: real.status });
    }
  });

  it("carp-state.sh: same output and exit status for MASTER, BACKUP, INIT, another vhid, no interface, bad arguments", () => {
    const states: (CarpState | undefined)[] = ["MASTER", "BACKUP", "INIT", undefined];
    for (const state of states) {
      const target = new FakeTarget();
      if (state) target.setCarp("lagg1", 3, state);
      const env = { FAKE_IFACE: "lagg1", FAKE_CARP: state ? `${state} vhid 3` : "" };
      for (const args of [["lagg1", "3"], ["lagg1", "13"], ["lagg0", "3"], ["lagg1"], ["LAGG1", "3"], ["lagg1", "x"]]) {
        const real = realRun(scripts.carpState, args, env);
        const sim = runCommand([SCRIPT.carpState, ...args].join(" "), target);
        expect({ state, args, status: sim.status, output: sim.output }).toEqual({ state, args, status: real.status, output: real.output });
      }
    }
  });
});
