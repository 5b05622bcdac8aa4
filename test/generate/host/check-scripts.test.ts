// The scripts ifstated's external tests run: shellcheck -s sh clean, and their behaviour with a
// fake ifconfig/nc on PATH (what exit status ifstated sees).
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateHostNetwork } from "../../../src/generate/host/index.js";
import { renderCarpStateScript, renderCheckPortScript } from "../../../src/generate/host/check-scripts.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { referenceLab } from "../../support/reference-lab.js";
import { RELEASES } from "./support.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "lab-host-scripts-"));
}

function install(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

describeWithTool("shellcheck", "generated host scripts pass shellcheck -s sh", () => {
  for (const release of RELEASES) {
    it(`${release}: every .sh of generateHostNetwork`, () => {
      const dir = scratch();
      const scripts = generateHostNetwork(referenceLab(release), { provider: "virtualbox" }).filter((a) => a.path.endsWith(".sh"));
      expect(scripts.length).toBeGreaterThanOrEqual(6);
      const paths = scripts.map((a, i) => install(dir, `${i}-${a.path.split("/").pop()}`, a.content));
      for (const a of scripts) expect(a.content.startsWith("#!/bin/sh\n")).toBe(true);
      const r = runTool("shellcheck", ["-s", "sh", ...paths]);
      expect(r.output).toBe("");
      expect(r.status).toBe(0);
    });
  }
});

describe("carp-state.sh", () => {
  const dir = scratch();
  const script = install(dir, "carp-state.sh", renderCarpStateScript());
  const bin = join(dir, "bin");
  const ifconfigOutput = join(dir, "ifconfig.out");
  mkdirSync(bin);
  install(bin, "ifconfig", `#!/bin/sh\ncat '${ifconfigOutput}'\n`);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };

  it("prints MASTER and exits 0 when the vhid is MASTER on the interface (14.x vhid alias)", () => {
    writeFileSync(ifconfigOutput, "lagg1: flags=1008843<UP>\n\tinet 10.0.20.31 netmask 0xffffff00\n\tinet 10.0.20.30 netmask 0xffffffff vhid 3\n\tcarp: MASTER vhid 3 advbase 1 advskew 0\n\tcarp: BACKUP vhid 13 advbase 1 advskew 0\n");
    expect(runTool("sh", [script, "lagg1", "3"], { env })).toMatchObject({ status: 0, stdout: "MASTER\n" });
    expect(runTool("sh", [script, "lagg1", "13"], { env })).toMatchObject({ status: 1, stdout: "BACKUP\n" });
    expect(runTool("sh", [script, "lagg1", "1"], { env })).toMatchObject({ status: 1, stdout: "INIT\n" });
  });

  it("reads 8.x's carpN interface the same way", () => {
    writeFileSync(ifconfigOutput, "carp0: flags=49<UP,LOOPBACK,RUNNING> metric 0 mtu 1500\n\tinet 10.0.20.30 netmask 0xffffff00\n\tcarp: BACKUP vhid 3 advbase 1 advskew 100\n");
    expect(runTool("sh", [script, "carp0", "3"], { env })).toMatchObject({ status: 1, stdout: "BACKUP\n" });
  });

  it("refuses bad arguments with status 2 (never MASTER)", () => {
    for (const args of [[], ["lagg1"], ["lagg1;reboot", "3"], ["lagg1", "x"]]) expect(runTool("sh", [script, ...args], { env }).status).toBe(2);
  });
});

describe("check-port.sh", () => {
  const dir = scratch();
  const script = install(dir, "check-port.sh", renderCheckPortScript());
  const bin = join(dir, "bin");
  mkdirSync(bin);
  // Fake nc: "connects" only to 127.0.0.1:80 and records its arguments.
  install(bin, "nc", `#!/bin/sh\necho "$@" > '${join(dir, "nc.args")}'\n[ "$4" = 127.0.0.1 ] && [ "$5" = 80 ]\n`);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };

  it("exits 0 when the port accepts connections and 1 when not", () => {
    expect(runTool("sh", [script, "80"], { env }).status).toBe(0);
    expect(runTool("sh", [script, "3180"], { env }).status).toBe(1);
    expect(runTool("sh", [script, "80", "10.0.20.20"], { env }).status).toBe(1);
  });

  it("refuses a non-numeric port or address with status 2", () => {
    for (const args of [[], ["http"], ["80", "localhost"], ["80", "1.2.3.4", "x"], ["80;reboot"]]) expect(runTool("sh", [script, ...args], { env }).status).toBe(2);
  });
});
