// Native bhyve through vm-bhyve: a template per host with its NICs on the right switches and all its
// disks, switch names vm-bhyve accepts, and POSIX sh scripts that pass shellcheck.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateBhyve } from "../../../src/generate/bhyve/bhyve.js";
import { labTag, MANAGEMENT, SWITCH_NAME_MAX, switchNames } from "../../../src/generate/bhyve/switch-names.js";
import { providerDisks } from "../../../src/generate/devices.js";
import type { LabSpec, Release } from "../../../src/model/types.js";
import { referenceLab, referenceSpec, resolveSpec } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { tempDir, writeArtifacts } from "./platform-support.js";

/** key -> value of a vm-bhyve template (comment lines skipped). */
function parseTemplate(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-z0-9_]+)="([^"#]*)"$/.exec(line);
    expect(m, `template line ${JSON.stringify(line)}`).not.toBeNull();
    out.set(m![1]!, m![2]!);
  }
  return out;
}

function indexed(t: Map<string, string>, prefix: "network" | "disk"): number {
  let n = 0;
  while (t.has(`${prefix}${n}_type`)) n++;
  return n;
}

const files = (release: Release = "14.2") => new Map(generateBhyve(referenceLab(release), { provider: "bhyve" }).map((a) => [a.path, a]));

describe("generateBhyve", () => {
  const lab = referenceLab();
  const out = files();
  const switches = switchNames(lab);

  it("writes a template per host, the switch script and the VM script", () => {
    expect([...out.keys()].sort()).toEqual([
      "bhyve/create-vms.sh", "bhyve/setup-switches.sh", ...lab.hosts.map((h) => `bhyve/templates/${h.name}.conf`).sort(),
    ]);
    expect(out.get("bhyve/create-vms.sh")!.mode).toBe(0o755);
    expect(out.get("bhyve/setup-switches.sh")!.mode).toBe(0o755);
    expect(out.get("bhyve/create-vms.sh")!.content).toContain("generated_for='bhyve'\n");
    expect(out.get("bhyve/templates/db01.conf")!.content).not.toContain("Generated with --provider");
  });

  it("says so when generated for another provider, and create-vms.sh refuses to run", () => {
    for (const provider of ["virtualbox", "libvirt"] as const) {
      const other = new Map(generateBhyve(lab, { provider }).map((a) => [a.path, a.content]));
      expect([...other.keys()].sort()).toEqual([...out.keys()].sort());
      expect(other.get("bhyve/templates/db01.conf")).toContain(`# Generated with --provider ${provider}: the hosts/ trees name disks as ${provider}`);
      expect(other.get("bhyve/create-vms.sh")).toContain(`generated_for='${provider}'\n[ "$generated_for" = bhyve ] || die`);
    }
  });

  it("gives stor01 11 disks and 2 lab NICs (plus the management NIC) on the storage switch", () => {
    const t = parseTemplate(out.get("bhyve/templates/stor01.conf")!.content);
    expect(indexed(t, "disk")).toBe(11);
    expect(indexed(t, "network")).toBe(3);
    expect(t.get("network0_switch")).toBe(switches.get("storage"));
    expect(t.get("network1_switch")).toBe(switches.get("storage"));
    expect(t.get("network0_type")).toBe("e1000");
    expect(t.get("network2_type")).toBe("virtio-net");
    expect(t.get("network2_switch")).toBe(switches.get(MANAGEMENT));
    expect(t.get("loader")).toBe("bhyveload");
    expect(t.get("cpu")).toBe("2");
    expect(t.get("memory")).toBe("8192M");
    expect([...t.entries()].filter(([k, v]) => /^disk\d+_size$/.test(k) && v === "1024G")).toHaveLength(7);
    expect([...t.entries()].filter(([k, v]) => /^disk\d+_type$/.test(k) && v === "ahci-hd")).toHaveLength(2);
  });

  it("matches every host's NICs, MACs, switches and disks to the model and devices.ts", () => {
    for (const h of lab.hosts) {
      const t = parseTemplate(out.get(`bhyve/templates/${h.name}.conf`)!.content);
      expect(indexed(t, "network"), h.name).toBe(h.nics.length + 1);
      h.nics.forEach((nic, i) => {
        const network = nic.network ?? h.laggs.find((l) => l.name === nic.lagg)!.network;
        expect(t.get(`network${i}_mac`)).toBe(nic.mac);
        expect(t.get(`network${i}_switch`)).toBe(switches.get(network));
      });
      const disks = providerDisks(h, "bhyve");
      expect(indexed(t, "disk"), h.name).toBe(disks.length);
      disks.forEach((d, i) => {
        expect(t.get(`disk${i}_type`)).toBe(d.providerBus === "sata" ? "ahci-hd" : "virtio-blk");
        expect(t.get(`disk${i}_name`)).toBe(`${d.name}.img`);
        expect(t.get(`disk${i}_size`)).toBe(`${d.sizeGiB}G`);
      });
      expect(t.get("disk0_name")).toBe("os0.img"); // the boot disk first
    }
  });

  it("names switches within vm-bhyve's limits, unique and stable", () => {
    const names = [...switches.values()];
    expect(switches.size).toBe(lab.networks.length + 1);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(SWITCH_NAME_MAX);
      expect(n).toMatch(/^[a-z0-9][.a-z0-9_-]{0,30}[a-z0-9]$/); // vm-bhyve util::check_name
    }
    expect(Object.fromEntries(switches)).toEqual({
      "": "sd-mgmt", app: "sd-app", db: "sd-db", pfsync: "sd-pfsync", public: "sd-public", storage: "sd-storage",
    });
    expect(labTag("speed-daemons")).toBe("sd");
    expect(labTag("lab")).toBe("lab");
  });

  it("shortens long and clashing network names deterministically", () => {
    let spec = JSON.parse(JSON.stringify(referenceSpec())) as Record<string, unknown>;
    const rename = (from: string, to: string) => {
      spec = JSON.parse(JSON.stringify(spec).replaceAll(`"name":"${from}"`, `"name":"${to}"`).replaceAll(`"network":"${from}"`, `"network":"${to}"`));
    };
    rename("storage", "storage-replication-network");
    rename("pfsync", "mgmt");
    const long = resolveSpec(spec as unknown as LabSpec);
    const names = switchNames(long);
    for (const n of names.values()) expect(n.length).toBeLessThanOrEqual(SWITCH_NAME_MAX);
    expect(new Set(names.values()).size).toBe(names.size);
    expect(names.get("storage-replication-network")).toMatch(/^sd-stora[0-9a-z]{4}$/);
    expect(names.get("mgmt")).toMatch(/^sd-mgmt[0-9a-z]{4}$/); // "sd-mgmt" is the management switch
    expect(names.get(MANAGEMENT)).toBe("sd-mgmt");
    expect(switchNames(long)).toEqual(names);
  });

  it("creates VMs idempotently: existing ones are kept, running ones not started again", () => {
    const script = out.get("bhyve/create-vms.sh")!.content;
    expect(script).toContain('if [ -e "$vm_path/$1/$1.conf" ]; then');
    expect(script).toContain('vm create -t "$1" -s "$2" "$1"');
    expect(script).toContain(`create_vm 'stor01' '20G' 'os0.img'`);
    expect(script).toContain('if [ -e "/dev/vmm/$host" ]; then');
    expect(script).toContain('cp "$here/templates/$host.conf" "$vm_path/.templates/$host.conf"');
    const setup = out.get("bhyve/setup-switches.sh")!.content;
    for (const n of switches.values()) expect(setup).toContain(`ensure_switch '${n}' `);
  });

  it("generates for release 8.1 with a note that bhyve cannot boot it", () => {
    const old = files("8.1");
    expect(old.get("bhyve/templates/db01.conf")!.content).toContain("bhyve cannot boot FreeBSD 8.1 guests");
    expect(old.size).toBe(out.size);
  });

  it("is byte-identical for the same lab and secrets", () => {
    expect(generateBhyve(referenceLab(), { provider: "bhyve" })).toEqual(generateBhyve(referenceLab(), { provider: "bhyve" }));
  });
});

describeWithTool("shellcheck", "shellcheck -s sh on the bhyve scripts", () => {
  for (const release of ["14.2", "8.1"] as const) {
    it(`passes for ${release}`, () => {
      const dir = tempDir("lab-bhyve-");
      const artifacts = generateBhyve(referenceLab(release), { provider: "bhyve" });
      writeArtifacts(dir, artifacts);
      const scripts = artifacts.filter((a) => a.path.endsWith(".sh")).map((a) => join(dir, a.path));
      expect(scripts).toHaveLength(2);
      const r = runTool("shellcheck", ["-s", "sh", ...scripts]);
      expect(r.status, r.output).toBe(0);
    });
  }
});

describeWithTool("sh", "the bhyve scripts under sh -n", () => {
  it("parse", () => {
    const dir = tempDir("lab-bhyve-");
    writeArtifacts(dir, generateBhyve(referenceLab(), { provider: "bhyve" }));
    for (const s of ["bhyve/create-vms.sh", "bhyve/setup-switches.sh"]) {
      const r = runTool("sh", ["-n", join(dir, s)]);
      expect(r.status, r.output).toBe(0);
    }
  });
});

// Stand-ins for vm-bhyve's `vm` and for sysrc, keeping their state in files: they let the scripts
// run here and show what they would do on a bhyve host, twice in a row.
const FAKE_VM = `#!/bin/sh
echo "vm $*" >> "$FAKE_STATE/log"
case "$1 $2" in
"switch list")
	echo "NAME TYPE IFACE ADDRESS PRIVATE MTU VLAN PORTS"
	if [ -f "$FAKE_STATE/switches" ]; then
		while read -r n; do echo "$n standard vm-$n - no - - -"; done < "$FAKE_STATE/switches"
	fi
	exit 0 ;;
"switch create") echo "$3" >> "$FAKE_STATE/switches"; exit 0 ;;
esac
case "$1" in
create) mkdir -p "$FAKE_STATE/vms/$6"; cp "$FAKE_STATE/vms/.templates/$3.conf" "$FAKE_STATE/vms/$6/$6.conf"; exit 0 ;;
start) exit 0 ;;
esac
exit 1
`;
const FAKE_SYSRC = '#!/bin/sh\n[ "$1 $2" = "-n vm_dir" ] && echo "$FAKE_STATE/vms"\n';

function fakeHost(): { dir: string; env: NodeJS.ProcessEnv; log: () => string[] } {
  const dir = tempDir("lab-bhyve-run-");
  const bin = join(dir, "bin");
  const state = join(dir, "state");
  mkdirSync(bin);
  mkdirSync(join(state, "vms/.templates"), { recursive: true });
  writeFileSync(join(bin, "vm"), FAKE_VM);
  writeFileSync(join(bin, "sysrc"), FAKE_SYSRC);
  chmodSync(join(bin, "vm"), 0o755);
  chmodSync(join(bin, "sysrc"), 0o755);
  writeArtifacts(join(dir, "out"), generateBhyve(referenceLab(), { provider: "bhyve" }));
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_STATE: state };
  const log = () => (existsSync(join(state, "log")) ? readFileSync(join(state, "log"), "utf8").trim().split("\n") : []);
  return { dir, env, log };
}

describeWithTool("sh", "the bhyve scripts run against a stand-in vm-bhyve", () => {
  it("setup-switches.sh creates each switch once", () => {
    const { dir, env, log } = fakeHost();
    const script = join(dir, "out/bhyve/setup-switches.sh");
    expect(runTool("sh", [script], { env }).status).toBe(0);
    const created = log().filter((l) => l.startsWith("vm switch create"));
    expect(created).toEqual(["sd-mgmt", "sd-app", "sd-db", "sd-pfsync", "sd-public", "sd-storage"].map((n) => `vm switch create ${n}`));
    const again = runTool("sh", [script], { env });
    expect(again.status, again.output).toBe(0);
    expect(again.stdout).toContain("switch sd-storage (network storage (10.0.40.0/24)): exists");
    expect(log().filter((l) => l.startsWith("vm switch create"))).toHaveLength(6);
  });

  it("create-vms.sh needs the base image, creates each VM once with it and starts them", () => {
    const { dir, env, log } = fakeHost();
    const script = join(dir, "out/bhyve/create-vms.sh");
    const refused = runTool("sh", [script], { env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("create-vms.sh: to create proxy01 proxy02 app01 app02 db01 db02 stor01 stor02 set LAB_BASE_IMAGE");
    expect(log().filter((l) => l.startsWith("vm create"))).toEqual([]);

    const image = join(dir, "base.img");
    writeFileSync(image, "base image bytes");
    const first = runTool("sh", [script], { env: { ...env, LAB_BASE_IMAGE: image } });
    expect(first.status, first.output).toBe(0);
    expect(log().filter((l) => l.startsWith("vm create"))).toContain("vm create -t stor01 -s 20G stor01");
    expect(log().filter((l) => l.startsWith("vm create"))).toHaveLength(8);
    expect(readFileSync(join(env.FAKE_STATE!, "vms/stor01/os0.img"), "utf8")).toBe("base image bytes");
    expect(readFileSync(join(env.FAKE_STATE!, "vms/.templates/stor01.conf"), "utf8")).toContain('disk10_name="data6.img"');

    const second = runTool("sh", [script], { env });
    expect(second.status, second.output).toBe(0);
    expect(second.stdout).toContain("stor01: exists, kept");
    expect(log().filter((l) => l.startsWith("vm create"))).toHaveLength(8);
    expect(log().filter((l) => l.startsWith("vm start"))).toHaveLength(16);
  });
});
