// The Vagrantfile: what it must say for FreeBSD and the lab, checked as text, by `ruby -c` and by
// `vagrant validate` (libvirt for real; VirtualBox through its own config validator with a stub
// VBoxManage, since VirtualBox itself is not installed where the tests run).
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS, type Provider } from "../../../src/generate/context.js";
import { BOXES } from "../../../src/generate/vagrant/box.js";
import { generateVagrantfile, vagrantfileText } from "../../../src/generate/vagrant/vagrantfile.js";
import type { Release, ResolvedLab } from "../../../src/model/types.js";
import { referenceLab, referenceSpec, resolveSpec } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { sandboxEnv, tempDir } from "./platform-support.js";

const RELEASES: readonly Release[] = ["14.2", "8.1"];
const VAGRANT_PROVIDERS = ["virtualbox", "libvirt"] as const;

/** The lines of one `config.vm.define` block. */
function hostBlock(text: string, host: string): string {
  const start = text.indexOf(`  config.vm.define "${host}" do |node|`);
  expect(start, host).toBeGreaterThan(0);
  return text.slice(start, text.indexOf("\n  end\n", start));
}

function providerBlock(block: string, provider: "virtualbox" | "libvirt"): string {
  const start = block.indexOf(`node.vm.provider :${provider} do`);
  return block.slice(start, block.indexOf("\n    end", start));
}

function count(text: string, re: RegExp): number {
  return text.match(new RegExp(re.source, "g"))?.length ?? 0;
}

describe("generateVagrantfile", () => {
  const lab = referenceLab();
  const text = vagrantfileText(lab, { provider: "virtualbox" });

  it("sets the FreeBSD guest, sh, no /vagrant share and a box pinned by name and version", () => {
    expect(text).toContain("  config.vm.guest = :freebsd\n");
    expect(text).toContain('  config.ssh.shell = "sh"\n');
    expect(text).toContain('  config.vm.synced_folder ".", "/vagrant", disabled: true\n');
    expect(text).toContain('BOX_NAME = "speed-daemons/freebsd-14.2"\nBOX_VERSION = "14.2.0"\n');
    expect(text).toContain("  config.vm.box = BOX_NAME\n  config.vm.box_version = BOX_VERSION\n");
    expect(text).toContain("  config.ssh.insert_key = false\n");
  });

  it("defines every host once, with its hostname, CPUs and memory in both provider blocks", () => {
    for (const h of lab.hosts) {
      expect(count(text, new RegExp(`config\\.vm\\.define "${h.name}" do`))).toBe(1);
      const block = hostBlock(text, h.name);
      expect(block).toContain(`node.vm.hostname = "${h.name}"`);
      for (const p of VAGRANT_PROVIDERS) {
        const short = p === "virtualbox" ? "vb" : "lv";
        expect(providerBlock(block, p)).toContain(`${short}.cpus = ${h.cpus}\n`);
        expect(providerBlock(block, p)).toContain(`${short}.memory = ${h.memoryMiB}\n`);
      }
    }
  });

  it("gives every NIC a private network on its segment with the model's MAC and auto_config: false", () => {
    for (const h of lab.hosts) {
      const block = hostBlock(text, h.name);
      expect(count(block, /node\.vm\.network :private_network, auto_config: false,/)).toBe(h.nics.length);
      for (const nic of h.nics) {
        const network = nic.network ?? h.laggs.find((l) => l.name === nic.lagg)!.network;
        const mac = nic.mac.replace(/:/g, "").toUpperCase();
        expect(block).toContain(`virtualbox__intnet: "speed-daemons-${network}", virtualbox__mac: "${mac}", virtualbox__nic_type: "82540EM"`);
        expect(block).toContain(`libvirt__mac: "${nic.mac}", libvirt__model_type: "e1000"`);
      }
      expect(count(block, /libvirt__forward_mode: "veryisolated", libvirt__dhcp_enabled: false/)).toBe(h.nics.length);
    }
    expect(count(hostBlock(text, "proxy01"), /virtualbox__intnet: "speed-daemons-public"/)).toBe(2);
    expect(count(hostBlock(text, "stor01"), /private_network/)).toBe(2);
  });

  it("attaches the storage hosts' 7 data, 2 log and 1 extra OS disk (the box is the 11th) on the buses of devices.ts", () => {
    for (const host of ["stor01", "stor02"]) {
      const vb = providerBlock(hostBlock(text, host), "virtualbox");
      expect(count(vb, /lab_vbox_disk\(/)).toBe(10);
      expect(count(vb, /VBOX_SATA, \d+, true\)/)).toBe(3); // os1, log0, log1: SSDs on SATA ports 1-3
      expect(count(vb, /VBOX_SCSI, \d+, false\)/)).toBe(7); // data0-6 on SCSI targets 0-6 -> da0-da6
      expect(vb).toContain(`lab_vbox_disk(vb, File.join(LAB_DISK_DIR, "${host}-data6.vdi"), 1048576, VBOX_SCSI, 6, false)`);
      expect(vb).toContain(`lab_vbox_disk(vb, File.join(LAB_DISK_DIR, "${host}-log1.vdi"), 32768, VBOX_SATA, 3, true)`);
      expect(vb).toContain('"--portcount", "4"');
      expect(vb).toContain(`lab_vbox_scsi(vb, File.join(LAB_DISK_DIR, "${host}-data0.vdi"))`);
      const lv = providerBlock(hostBlock(text, host), "libvirt");
      expect(count(lv, /lv\.storage :file/)).toBe(10);
      expect(count(lv, /size: "1024G", bus: "scsi"/)).toBe(7);
      expect(count(lv, /size: "32G", bus: "sata"/)).toBe(2);
      expect(lv).toContain('lv.storage :file, device: "vdb", size: "20G", bus: "virtio"');
      expect(new Set(lv.match(/device: "[a-z]+"/g)).size).toBe(10);
    }
    const proxy = hostBlock(text, "proxy01");
    expect(count(providerBlock(proxy, "virtualbox"), /lab_vbox_disk\(/)).toBe(1);
    expect(providerBlock(proxy, "virtualbox")).not.toContain("lab_vbox_scsi");
  });

  it("uploads hosts/<host> to /tmp/lab-provision and runs its provision.sh as root", () => {
    const block = hostBlock(text, "db01");
    expect(block).toContain('node.vm.provision "lab-upload", type: "file", source: "hosts/db01", destination: PROVISION_DIR');
    expect(block).toContain('inline: "sh /tmp/lab-provision/provision.sh; status=$?; rm -rf -- /tmp/lab-provision; exit $status"');
    expect(text).toContain('PROVISION_DIR = "/tmp/lab-provision"');
    const order = ['"lab-prepare"', '"lab-upload"', '"lab-provision"'].map((name) => block.indexOf(`node.vm.provision ${name}`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("pins the provider it was generated for, and refuses to run when that is bhyve", () => {
    expect(vagrantfileText(lab, { provider: "libvirt" })).toContain('LAB_PROVIDER = "libvirt"');
    expect(text).toContain('LAB_PROVIDER = "virtualbox"');
    expect(text).toContain('ENV["VAGRANT_DEFAULT_PROVIDER"] = LAB_PROVIDER');
    expect(text).not.toContain("abort \"This lab was generated for bhyve");
    const bhyve = generateVagrantfile(lab, { provider: "bhyve" });
    expect(bhyve.map((a) => a.path)).toEqual(["Vagrantfile"]);
    expect(bhyve[0]!.content).toContain('\nabort "This lab was generated for bhyve: run bhyve/setup-switches.sh and bhyve/create-vms.sh');
  });

  it("is byte-identical for the same lab and secrets", () => {
    for (const provider of PROVIDERS) {
      expect(generateVagrantfile(referenceLab(), { provider })).toEqual(generateVagrantfile(referenceLab(), { provider }));
    }
  });

  it("uses the 8.1 box and NIC models on release 8.1", () => {
    const old = vagrantfileText(referenceLab("8.1"), { provider: "libvirt" });
    expect(old).toContain(`BOX_NAME = "${BOXES["8.1"].name}"`);
    expect(old).toContain("no Packer template builds it");
    expect(old).toContain('libvirt__model_type: "e1000e"'); // 82574L: em(4) on 8.x
    expect(old).toContain('lv.nic_model_type = "rtl8139"'); // no virtio on 8.1
    expect(old).toContain('vb.customize ["modifyvm", :id, "--nictype1", "Am79C973"]');
  });

  it("keeps free text in comments", () => {
    const spec = { ...referenceSpec(), description: 'evil\nsystem("id") #{`id`}\r\u0007' };
    const t = vagrantfileText(resolveSpec(spec), { provider: "libvirt" });
    expect(t).toContain('# evil system("id") #{`id`}\n');
    expect(t.split("\n").filter((l) => l.includes('system("id")')).every((l) => l.startsWith("#"))).toBe(true);
  });
});

function providerEnv(dir: string, provider: Provider): NodeJS.ProcessEnv {
  const home = join(dir, "home");
  const key = join(dir, "box-key");
  writeFileSync(key, "placeholder: vagrant validate only checks that the key file exists\n", { mode: 0o600 });
  const stubs = join(dir, "stub-bin");
  mkdirSync(stubs, { recursive: true });
  // Stand-in for VirtualBox's VBoxManage: Vagrant asks it for its version before it validates the
  // VirtualBox block; nothing else is called by `vagrant validate`.
  writeFileSync(join(stubs, "VBoxManage"), '#!/bin/sh\n[ "$1" = "--version" ] && echo 7.0.14r161095\nexit 0\n');
  chmodSync(join(stubs, "VBoxManage"), 0o755);
  return sandboxEnv(home, {
    VAGRANT_DEFAULT_PROVIDER: provider,
    LAB_BOX_SSH_KEY: key,
    PATH: provider === "virtualbox" ? `${stubs}:${process.env.PATH}` : process.env.PATH ?? "",
  });
}

/** A directory with the Vagrantfile and the provision.sh files it references. */
function vagrantDir(lab: ResolvedLab, provider: Provider): string {
  const dir = tempDir("lab-vagrant-");
  for (const a of generateVagrantfile(lab, { provider })) writeFileSync(join(dir, a.path), a.content);
  for (const h of lab.hosts) {
    mkdirSync(join(dir, "hosts", h.name), { recursive: true });
    writeFileSync(join(dir, "hosts", h.name, "provision.sh"), "#!/bin/sh\n# placeholder for the test\n");
  }
  return dir;
}

describeWithTool("ruby", "ruby -c on the Vagrantfile", () => {
  for (const release of RELEASES) {
    for (const provider of PROVIDERS) {
      it(`parses for ${release}/${provider}`, () => {
        const dir = vagrantDir(referenceLab(release), provider);
        const r = runTool("ruby", ["-c", join(dir, "Vagrantfile")]);
        expect(r.status, r.output).toBe(0);
        expect(r.stdout).toContain("Syntax OK");
      });
    }
  }
});

describeWithTool("vagrant", "vagrant validate on the Vagrantfile", () => {
  it("accepts the libvirt Vagrantfile with vagrant-libvirt's own validation (14.2)", () => {
    const dir = vagrantDir(referenceLab(), "libvirt");
    const r = runTool("vagrant", ["validate"], { cwd: dir, env: providerEnv(dir, "libvirt") });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain("Vagrantfile validated successfully.");
  });

  it("accepts the libvirt Vagrantfile of release 8.1", () => {
    const dir = vagrantDir(referenceLab("8.1"), "libvirt");
    const r = runTool("vagrant", ["validate"], { cwd: dir, env: providerEnv(dir, "libvirt") });
    expect(r.status, r.output).toBe(0);
  });

  it("would reject a broken libvirt block (the provider block really is validated)", () => {
    const dir = vagrantDir(referenceLab(), "libvirt");
    const file = join(dir, "Vagrantfile");
    const text = vagrantfileText(referenceLab(), { provider: "libvirt" }).replace("lv.cpus = 2\n", 'lv.cpus = 2\n      lv.storage :file, path: "/absolute.img"\n');
    writeFileSync(file, text);
    const r = runTool("vagrant", ["validate"], { cwd: dir, env: providerEnv(dir, "libvirt") });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain("absolute volume paths like '/absolute.img' not yet supported");
  });

  it("accepts the VirtualBox Vagrantfile with the VirtualBox provider's validation (stub VBoxManage)", () => {
    const dir = vagrantDir(referenceLab(), "virtualbox");
    const r = runTool("vagrant", ["validate"], { cwd: dir, env: providerEnv(dir, "virtualbox") });
    expect(r.status, r.output).toBe(0);
    expect(r.output).toContain("Vagrantfile validated successfully.");
  });

  it("accepts the machine-level configuration with --ignore-provider", () => {
    const dir = vagrantDir(referenceLab(), "virtualbox");
    const r = runTool("vagrant", ["validate", "--ignore-provider"], { cwd: dir, env: providerEnv(dir, "libvirt") });
    expect(r.status, r.output).toBe(0);
  });

  it("stops at once when generated for bhyve", () => {
    const dir = vagrantDir(referenceLab(), "bhyve");
    const r = runTool("vagrant", ["validate"], { cwd: dir, env: providerEnv(dir, "libvirt") });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain("This lab was generated for bhyve");
  });

  it("refuses a provider the hosts/ trees were not generated for", () => {
    const dir = vagrantDir(referenceLab(), "libvirt");
    const r = runTool("vagrant", ["status", "--provider=virtualbox"], { cwd: dir, env: providerEnv(dir, "libvirt") });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain("generated for libvirt: run `lab generate --provider virtualbox` first");
  });
});
