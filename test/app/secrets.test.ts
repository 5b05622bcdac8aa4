// Secrets are generated per lab, kept in .lab/ with tight permissions, stable once written.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import reference from "../../Vagrantfile.js";
import { loadSecrets } from "../../src/app/secrets.js";
import { LabError } from "../../src/app/errors.js";

const temp = () => mkdtempSync(join(tmpdir(), "lab-secrets-"));

describe("lab secrets", () => {
  it("are written to .lab/secrets.json (0600, dir 0700, self-ignoring) and read back unchanged", async () => {
    const dir = temp();
    const first = await loadSecrets(dir, reference, { persist: true });
    const file = join(dir, ".lab/secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, ".lab")).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, ".lab/.gitignore"), "utf8")).toBe("*\n");
    expect(Object.keys(first.carpPass).sort()).toEqual(["mysql", "solr", "www"]);
    for (const pass of Object.values(first.carpPass)) expect(pass).toMatch(/^[A-Za-z0-9]{19}$/);
    expect(first.mysql.rootPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(first.ssh.publicKey).toMatch(/^ssh-ed25519 AAAA[0-9A-Za-z+/=]+ lab-speed-daemons$/);
    expect(first.ssh.privateKey).toContain("BEGIN OPENSSH PRIVATE KEY");
    expect(await loadSecrets(dir, reference, { persist: true })).toEqual(first);
  });

  it("differ between two labs", async () => {
    const a = await loadSecrets(temp(), reference, { persist: true });
    const b = await loadSecrets(temp(), reference, { persist: true });
    expect(a.carpPass.www).not.toBe(b.carpPass.www);
    expect(a.mysql.replicationPassword).not.toBe(b.mysql.replicationPassword);
    expect(a.ssh.privateKey).not.toBe(b.ssh.privateKey);
  });

  it("stay in memory when not persisted", async () => {
    const dir = temp();
    await loadSecrets(dir, reference, { persist: false });
    expect(existsSync(join(dir, ".lab"))).toBe(false);
  });

  it("gain a password for a CARP group added later, keeping the others", async () => {
    const dir = temp();
    const before = await loadSecrets(dir, reference, { persist: true });
    const grown = { ...reference, carp: [...(reference.carp ?? []), { name: "extra", vhid: 9, network: "app", members: [{ host: "app01", advskew: 0 }] }] };
    const after = await loadSecrets(dir, grown, { persist: true });
    expect(after.carpPass.www).toBe(before.carpPass.www);
    expect(after.carpPass.extra).toMatch(/^[A-Za-z0-9]{19}$/);
    expect(JSON.parse(readFileSync(join(dir, ".lab/secrets.json"), "utf8")).carpPass.extra).toBe(after.carpPass.extra);
  });

  it("refuse a damaged secrets file instead of silently replacing it (nothing lost)", async () => {
    const dir = temp();
    mkdirSync(join(dir, ".lab"));
    writeFileSync(join(dir, ".lab/secrets.json"), "{ not json");
    await expect(loadSecrets(dir, reference, { persist: true })).rejects.toThrow(LabError);
    expect(readFileSync(join(dir, ".lab/secrets.json"), "utf8")).toBe("{ not json");
  });
});
