// The Packer box templates in boxes/: `packer validate` on each (from the project root, so that
// http_directory resolves), their scripts under shellcheck, the box name and version the
// Vagrantfile pins, and the box metadata the build writes read back by `vagrant box add`.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import { BOXES } from "../../../src/generate/vagrant/box.js";
import { PROVISION_DIR } from "../../../src/generate/vagrant/vagrant-provision.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { ROOT, sandboxEnv, tempDir } from "./platform-support.js";

interface Template {
  variables: Record<string, string | null>;
  builders: { name: string; type: string; http_directory: string; boot_command: string[] }[];
  provisioners: { type: string; inline?: string[] }[];
  "post-processors": ({ type: string; inline?: string[]; output?: string } | { type: string; inline?: string[]; output?: string }[])[];
}

const TEMPLATES = readdirSync(join(ROOT, "boxes")).filter((f) => f.endsWith(".json") && f !== "box.schema.json").sort();
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, "boxes", file), "utf8")) as Template;
const NO_NETWORK_CHECKSUM = `sha256:${"0".repeat(64)}`;

function postProcessors(t: Template) {
  return t["post-processors"].flatMap((p) => (Array.isArray(p) ? p : [p]));
}

describe("boxes/", () => {
  it("holds a template for every release that has one, and nothing else", () => {
    const expected = Object.values(BOXES).flatMap((b) => (b.template ? [b.template.replace(/^boxes\//, "")] : []));
    expect(TEMPLATES).toEqual(expected.sort());
    expect(BOXES["8.1"].template).toBeUndefined();
  });

  for (const [release, box] of Object.entries(BOXES)) {
    if (!box.template) continue;
    it(`${box.template} builds the box the ${release} Vagrantfile pins`, () => {
      const t = read(box.template!.replace(/^boxes\//, ""));
      expect(t.variables.box_name).toBe(box.name);
      expect(t.variables.box_version).toBe(box.version);
      expect(t.builders.map((b) => b.name).sort()).toEqual(["libvirt", "virtualbox"]);
      expect(t.variables.ssh_public_key).toBeNull();
      expect(t.variables.ssh_private_key_file).toBeNull();
      const installer = readFileSync(join(ROOT, "boxes/http/installerconfig"), "utf8");
      for (const text of [JSON.stringify(t), installer]) {
        // Vagrant's well-known insecure key, and any password setting.
        expect(text).not.toMatch(/vagrant insecure public key|AAAAB3NzaC1yc2EAAAABIwAAAQEA6NF8iallvQVp22WDkTkyrtvp9eWW6A8YVr|ssh_password/);
      }
      expect(installer).toContain("pw useradd vagrant -m -s /bin/sh -G wheel -c \"Vagrant\" -h -");
      expect(installer).toContain("PasswordAuthentication no");
      for (const b of t.builders) {
        expect(b.http_directory).toBe("boxes/http");
        expect(b.boot_command.join("")).toContain("bsdinstall script /tmp/installerconfig");
      }
      expect(postProcessors(t).find((p) => p.type === "vagrant")?.output).toMatch(/\{\{\.Provider\}\}\.box$/);
      expect(PROVISION_DIR).toBe("/tmp/lab-provision");
    });
  }
});

function buildKey(dir: string): { privateFile: string; publicKey: string } {
  const pair = ssh2.utils.generateKeyPairSync("ed25519", { comment: "lab-box-test" });
  const privateFile = join(dir, "build-key");
  writeFileSync(privateFile, pair.private, { mode: 0o600 });
  return { privateFile, publicKey: pair.public.trim() };
}

describeWithTool("packer", "packer validate on every box template", () => {
  for (const file of TEMPLATES) {
    it(`accepts boxes/${file} with the build key given and the ISO checksum offline`, () => {
      const dir = tempDir("lab-packer-");
      const key = buildKey(dir);
      const r = runTool("packer", [
        "validate", "-var", `ssh_public_key=${key.publicKey}`, "-var", `ssh_private_key_file=${key.privateFile}`,
        "-var", `iso_checksum=${NO_NETWORK_CHECKSUM}`, `boxes/${file}`,
      ], { cwd: ROOT, env: sandboxEnv(join(dir, "home")) });
      expect(r.status, r.output).toBe(0);
    });

    it(`requires the build key for boxes/${file}: no default key, no password`, () => {
      const dir = tempDir("lab-packer-");
      const r = runTool("packer", ["validate", "-var", `iso_checksum=${NO_NETWORK_CHECKSUM}`, `boxes/${file}`], { cwd: ROOT, env: sandboxEnv(join(dir, "home")) });
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("required variable not set: ssh_private_key_file");
      expect(r.output).toContain("required variable not set: ssh_public_key");
    });
  }
});

describeWithTool("shellcheck", "shellcheck -s sh on the box scripts", () => {
  it("passes boxes/http/installerconfig (preamble and post-install)", () => {
    const r = runTool("shellcheck", ["-s", "sh", join(ROOT, "boxes/http/installerconfig")]);
    expect(r.status, r.output).toBe(0);
  });

  for (const file of TEMPLATES) {
    it(`passes the inline scripts of boxes/${file}`, () => {
      const t = read(file);
      const scripts = [...t.provisioners, ...postProcessors(t)].flatMap((p) => (p.inline ? [p.inline] : []));
      expect(scripts.length).toBeGreaterThanOrEqual(2);
      const dir = tempDir("lab-box-scripts-");
      const paths = scripts.map((lines, i) => {
        const path = join(dir, `inline-${i}.sh`);
        writeFileSync(path, `#!/bin/sh\n${lines.join("\n")}\n`);
        return path;
      });
      const r = runTool("shellcheck", ["-s", "sh", ...paths]);
      expect(r.status, r.output).toBe(0);
    });
  }
});

describeWithTool("vagrant", "the box metadata written by the build", () => {
  it("lets `vagrant box add` pin the box by name and version", () => {
    const box = BOXES["14.2"];
    const t = read(box.template!.replace(/^boxes\//, ""));
    const shellLocal = postProcessors(t).find((p) => p.type === "shell-local")!;
    const dir = tempDir("lab-box-meta-");
    // A stand-in libvirt box where the build would leave the real one.
    const content = join(dir, "content");
    mkdirSync(content);
    mkdirSync(join(dir, "boxes/output"), { recursive: true });
    writeFileSync(join(content, "metadata.json"), '{"provider": "libvirt", "format": "qcow2", "virtual_size": 1}\n');
    writeFileSync(join(content, "box.img"), Buffer.alloc(1024));
    expect(spawnSync("tar", ["-C", content, "-czf", join(dir, "boxes/output/freebsd-14.2-libvirt.box"), "metadata.json", "box.img"]).status).toBe(0);
    const env = sandboxEnv(join(dir, "home"), { PACKER_BUILD_NAME: "libvirt", BOX_NAME: box.name, BOX_VERSION: box.version });
    const made = runTool("sh", ["-c", shellLocal.inline!.join("\n")], { cwd: dir, env });
    expect(made.status, made.output).toBe(0);
    const add = runTool("vagrant", ["box", "add", "boxes/output/freebsd-14.2-libvirt.json"], { cwd: dir, env });
    expect(add.status, add.output).toBe(0);
    const list = runTool("vagrant", ["box", "list"], { cwd: dir, env });
    expect(list.stdout).toContain(`${box.name} (libvirt, ${box.version})`);
  });
});
