// The whole generated tree: golden files per release (a change to output is a reviewed diff),
// byte-identical regeneration, secrets only where they belong, hostile values kept inert.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generateLab } from "../../src/generate/index.js";
import { PROVIDERS } from "../../src/generate/context.js";
import { referenceLab, referenceSpec, resolveSpec, testSecrets } from "../support/reference-lab.js";
import { describeWithTool, runTool } from "../support/tools.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const GOLDEN = new URL("../golden/", import.meta.url).pathname;
const UPDATE = !!process.env.UPDATE_GOLDEN;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe.each(["14.2", "8.1"] as const)("generated tree, FreeBSD %s", (release) => {
  const artifacts = generateLab(referenceLab(release), { provider: "virtualbox" });
  const dir = join(GOLDEN, release);

  it("matches the golden files (UPDATE_GOLDEN=1 npx vitest run test/generate/generate-lab.test.ts to accept a change)", () => {
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const a of artifacts) {
        mkdirSync(dirname(join(dir, a.path)), { recursive: true });
        writeFileSync(join(dir, a.path), a.content);
      }
    }
    const golden = listFiles(dir).map((f) => relative(dir, f)).sort();
    expect(artifacts.map((a) => a.path)).toEqual(golden);
    for (const a of artifacts) expect(a.content, a.path).toBe(readFileSync(join(dir, a.path), "utf8"));
  });

  it("holds what a FreeBSD admin deploys for every host", () => {
    const paths = new Set(artifacts.map((a) => a.path));
    expect(paths.has("Vagrantfile")).toBe(true);
    for (const host of ["proxy01", "proxy02", "app01", "app02", "db01", "db02", "stor01", "stor02"]) {
      for (const f of ["boot/loader.conf", "etc/rc.conf", "etc/sysctl.conf", "etc/pf.conf", "provision.sh"]) {
        expect(paths.has(`hosts/${host}/${f}`), `${host} ${f}`).toBe(true);
      }
      expect(paths.has(`bhyve/templates/${host}.conf`), `${host} bhyve template`).toBe(true);
    }
    for (const host of ["proxy01", "proxy02", "db01", "db02"]) expect(paths.has(`hosts/${host}/usr/local/etc/ifstated.conf`)).toBe(true);
    for (const host of ["app01", "app02", "stor01", "stor02"]) expect(paths.has(`hosts/${host}/usr/local/etc/ifstated.conf`)).toBe(false);
    // Zope has no rc.d script in FreeBSD packages; Solr 1.4 on 8.1 neither: the lab writes them.
    for (const host of ["app01", "app02"]) {
      expect(paths.has(`hosts/${host}/usr/local/etc/rc.d/zope`)).toBe(true);
      expect(paths.has(`hosts/${host}/usr/local/etc/rc.d/solr`)).toBe(release === "8.1");
    }
    const provision = artifacts.find((a) => a.path === "hosts/app01/provision.sh")!.content;
    expect(provision).toContain("zope_enable");
  });

  it("is byte-identical when generated again, for every provider", () => {
    for (const provider of PROVIDERS) {
      const a = generateLab(referenceLab(release), { provider });
      const b = generateLab(referenceLab(release), { provider });
      expect(b).toEqual(a);
    }
  });

  it("puts secrets only into files of mode 0600, and differs between two labs only there", () => {
    const other = generateLab(referenceLab(release, testSecrets("other")), { provider: "virtualbox" });
    const secrets = testSecrets();
    const values = [...Object.values(secrets.carpPass), secrets.mysql.rootPassword, secrets.mysql.replicationPassword, secrets.mysql.appPassword];
    artifacts.forEach((a, i) => {
      const carries = values.some((v) => a.content.includes(v)) || a.content.includes(secrets.ssh.privateKey.trim());
      if (carries) expect(a.mode, `${a.path} carries a secret`).toBe(0o600);
      // The lab's public key is per lab too (authorized_keys), though not a secret.
      const perLab = carries || a.content.includes(secrets.ssh.publicKey);
      if (a.content !== other[i]!.content) expect(perLab, `${a.path} differs between labs but carries no per-lab value`).toBe(true);
    });
    expect(artifacts.filter((a) => a.mode === 0o600).length).toBeGreaterThan(0);
  });
});

describe("hostile values", () => {
  it("free text lands only inside comments, never as a command", () => {
    const spec: any = referenceSpec();
    spec.description = 'pwned\nrm -rf / #"; $(reboot) `halt`';
    spec.networks[0].description = "line1\nline2 $(id)";
    const artifacts = generateLab(resolveSpec(spec), { provider: "virtualbox" });
    for (const a of artifacts) {
      for (const line of a.content.split("\n")) {
        if (line.includes("rm -rf /") || line.includes("$(reboot)") || line.includes("line2 $(id)")) {
          expect(line.trimStart(), `${a.path}: ${line}`).toMatch(/^(#|\/\/|--|;|\*)/);
        }
      }
    }
  });

  it("the schema refuses names and addresses that could break out of a config or a shell", () => {
    for (const mutate of [
      (s: any) => { s.hosts[0].name = "proxy01;reboot"; },
      (s: any) => { s.name = "lab$(id)"; },
      (s: any) => { s.hosts[0].laggs[0].address = "203.0.113.11 -alias"; },
      (s: any) => { s.storage[0].nfs[0].consumers[0].mountpoint = "/var/db/solr;rm -rf /"; },
      (s: any) => { s.hosts[1].nics[0].name = "em0 up"; },
      (s: any) => { s.hosts[0].services[0].bind = "0.0.0.0\nuser root"; },
    ]) {
      const spec = referenceSpec();
      mutate(spec);
      expect(() => resolveSpec(spec)).toThrow(/invalid lab/);
    }
  });
});

describeWithTool("shellcheck", "every generated script passes shellcheck -s sh", () => {
  it.each(["14.2", "8.1"] as const)("FreeBSD %s, every provider", (release) => {
    for (const provider of PROVIDERS) {
      const dir = mkdtempSync(join(tmpdir(), "lab-sc-"));
      const scripts = generateLab(referenceLab(release), { provider }).filter((a) => a.content.startsWith("#!/bin/sh") || a.path.endsWith(".sh"));
      expect(scripts.length).toBeGreaterThan(30);
      const files = scripts.map((a) => {
        const file = join(dir, a.path.replace(/\//g, "__"));
        writeFileSync(file, a.content);
        return file;
      });
      const r = runTool("shellcheck", ["-s", "sh", ...files]);
      expect(r.output, `${release} ${provider}`).toBe("");
      expect(r.status).toBe(0);
    }
  });
});
