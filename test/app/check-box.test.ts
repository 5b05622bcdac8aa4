// `lab box validate`: box templates checked against boxes/box.schema.json (ajv) and for their
// {{...}} references, with file:line:column, JSON pointer, message and hint for each finding.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBoxFile, checkBoxSchema, checkBoxText, defaultBoxFiles } from "../../src/app/check-box.js";
import { LabError } from "../../src/app/errors.js";
import { boxValidateCommand } from "../../src/cli/commands/box.js";
import type { CliIo } from "../../src/cli/io.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const TEMPLATE = "boxes/freebsd-14.2.json";
const template = () => JSON.parse(readFileSync(join(ROOT, TEMPLATE), "utf8"));

function capture(cwd: string): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    cwd,
    out: (t) => void (out += t.endsWith("\n") ? t : t + "\n"),
    err: (t) => void (err += t.endsWith("\n") ? t : t + "\n"),
    stdout: () => out,
    stderr: () => err,
  };
}

/** Line (1-based) of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

describe("the box templates in boxes/", () => {
  it("are all valid against the schema, with no warnings", () => {
    const files = defaultBoxFiles(ROOT);
    expect(files).toContain(TEMPLATE);
    expect(files).not.toContain("boxes/box.schema.json");
    for (const f of files) {
      const r = checkBoxFile(f, ROOT);
      expect(r.diagnostics, f).toEqual([]);
      expect(r.valid).toBe(true);
    }
  });
});

interface Broken {
  readonly name: string;
  readonly edit: (t: any) => void;
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
  readonly hint: string | RegExp;
}

const BROKEN: readonly Broken[] = [
  {
    name: "an unknown builder type", edit: (t) => { t.builders[0].type = "vmware-iso"; },
    pointer: "/builders/0/type", code: "box-schema-discriminator", message: 'unknown builder type "vmware-iso"', hint: "valid: qemu, virtualbox-iso",
  },
  {
    name: "a build password", edit: (t) => { t.builders[0].ssh_password = "vagrant"; },
    pointer: "/builders/0/ssh_password", code: "box-schema-additionalProperties", message: 'unknown property "ssh_password"',
    hint: /^remove it; the box is built and used with a key, never a password/,
  },
  {
    name: "a misspelt property", edit: (t) => { t.builders[1].shutdown_comand = t.builders[1].shutdown_command; delete t.builders[1].shutdown_command; },
    pointer: "/builders/1/shutdown_comand", code: "box-schema-additionalProperties", message: 'unknown property "shutdown_comand"',
    hint: /^remove it; did you mean "shutdown_command"\?/,
  },
  {
    name: "a missing variable", edit: (t) => { delete t.variables.iso_checksum; },
    pointer: "/variables/iso_checksum", code: "box-schema-required", message: 'missing required property "iso_checksum"',
    hint: "add \"iso_checksum\" (write sha256:HEX, sha512:HEX or file:URL of the release's CHECKSUM file)",
  },
  {
    name: "a public key stored in the template", edit: (t) => { t.variables.ssh_public_key = "ssh-ed25519 AAAAC3Nza me@host"; },
    pointer: "/variables/ssh_public_key", code: "box-schema-type", message: '"ssh-ed25519 AAAAC3Nza me@host" must be null',
    hint: "leave it null: the build's public key is given with -var ssh_public_key=..., never stored in a template",
  },
  {
    name: "a raw disk for libvirt", edit: (t) => { t.builders[0].format = "raw"; },
    pointer: "/builders/0/format", code: "box-schema-const", message: '"raw" is not allowed here', hint: 'use "qcow2": vagrant-libvirt boxes carry a qcow2 image',
  },
  {
    name: "an IDE boot disk for VirtualBox", edit: (t) => { t.builders[1].hard_drive_interface = "ide"; },
    pointer: "/builders/1/hard_drive_interface", code: "box-schema-const", message: '"ide" is not allowed here',
    hint: 'use "sata": the Vagrantfile attaches disks to the box\'s "SATA Controller"',
  },
  {
    name: "a mistyped accelerator", edit: (t) => { t.builders[0].accelerator = "kvmm"; },
    pointer: "/builders/0/accelerator", code: "box-schema-pattern", message: '"kvmm" is not a QEMU accelerator',
    hint: "write kvm, tcg, hvf, whpx, xen, none or a {{user `name`}} reference",
  },
  {
    name: "a duration without unit", edit: (t) => { t.builders[1].ssh_timeout = "60"; },
    pointer: "/builders/1/ssh_timeout", code: "box-schema-pattern", message: '"60" is not a duration', hint: "write a number and a unit: 500ms, 10s, 30m, 1h",
  },
  {
    name: "a box path without the provider", edit: (t) => { t["post-processors"][0][0].output = "boxes/output/freebsd.box"; },
    pointer: "/post-processors/0/0/output", code: "box-schema-pattern", message: '"boxes/output/freebsd.box" is not a box file per provider',
    hint: "write boxes/output/NAME-{{.Provider}}.box: one box per provider",
  },
  {
    name: "an unknown provisioner", edit: (t) => { t.provisioners[0].type = "ansible"; },
    pointer: "/provisioners/0/type", code: "box-schema-discriminator", message: 'unknown provisioner type "ansible"', hint: "valid: shell, file",
  },
  {
    name: "a provisioner that does not become root", edit: (t) => { t.provisioners[0].execute_command = "chmod +x {{ .Path }}; {{ .Path }}"; },
    pointer: "/provisioners/0/execute_command", code: "box-schema-pattern", message: '"chmod +x {{ .Path }}; {{ .Path }}" is not a command that runs the script as root',
    hint: "run it through sudo, e.g. chmod +x {{ .Path }}; sudo env {{ .Vars }} {{ .Path }}",
  },
  {
    name: "a hard-coded ISO URL in a builder", edit: (t) => { t.builders[0].iso_url = "https://example.org/freebsd.iso"; },
    pointer: "/builders/0/iso_url", code: "box-schema-pattern", message: '"https://example.org/freebsd.iso" is not a variable reference',
    hint: 'write {{user `name`}} and set the value in "variables" (or with -var name=...)',
  },
  {
    name: "a reference to an undeclared variable", edit: (t) => { t.builders[1].iso_url = "{{user `iso_ulr`}}"; },
    pointer: "/builders/1/iso_url", code: "box-undeclared-variable", message: "{{user `iso_ulr`}} names no variable",
    hint: /^declare "iso_ulr" in "variables"; did you mean "iso_url"\?/,
  },
  {
    name: "an unknown template field", edit: (t) => { t.builders[0].boot_command[6] = "fetch http://{{ .HTTPAddr }}/installerconfig<enter>"; },
    pointer: "/builders/0/boot_command/6", code: "box-template-expression", message: "unknown template expression {{ .HTTPAddr }}",
    hint: /^use \{\{user `name`\}\}, \{\{ \.HTTPIP \}\}, \{\{ \.HTTPPort \}\}/,
  },
  {
    name: "an invalid variable name", edit: (t) => { t.variables["Disk-Size"] = "1"; },
    pointer: "/variables/Disk-Size", code: "box-schema-pattern", message: '"Disk-Size" is not a variable name',
    hint: "use lower-case letters, digits and '_', starting with a letter or '_'",
  },
];

describe("broken box templates", () => {
  for (const b of BROKEN) {
    it(`reports ${b.name}`, () => {
      const t = template();
      b.edit(t);
      const text = JSON.stringify(t, null, 2);
      const r = checkBoxText(text, "broken.json");
      expect(r.valid).toBe(false);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.pointer)).toContain(b.pointer);
      const d = errors.find((e) => e.pointer === b.pointer)!;
      expect(d.code).toBe(b.code);
      expect(d.message).toBe(b.message);
      if (typeof b.hint === "string") expect(d.hint).toBe(b.hint);
      else expect(d.hint).toMatch(b.hint);
      expect(d.origin).toMatch(/^broken\.json:\d+:\d+$/);
    });
  }

  it("places a finding at the line and column of its property", () => {
    const t = template();
    t.builders[0].format = "raw";
    const text = JSON.stringify(t, null, 2);
    const d = checkBoxText(text, "broken.json").diagnostics[0]!;
    const line = lineOf(text, '"format": "raw"');
    expect(d.origin).toBe(`broken.json:${line}:${text.split("\n")[line - 1]!.indexOf('"format"') + 1}`);
  });

  it("places a missing property at its object", () => {
    const t = template();
    delete t.builders[1].ssh_username;
    const text = JSON.stringify(t, null, 2);
    const d = checkBoxText(text, "broken.json").diagnostics.find((x) => x.pointer === "/builders/1/ssh_username")!;
    expect(d.message).toBe('missing required property "ssh_username"');
    expect(d.hint).toBe("add \"ssh_username\" (the box's only login)");
    expect(d.origin).toBe(`broken.json:${lineOf(text, '"type": "virtualbox-iso"') - 1}:5`);
  });

  it("reports JSON syntax errors with their position", () => {
    const r = checkBoxText('{\n  "variables": {},\n}\n', "syntax.json");
    expect(r.valid).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "box-json-syntax", message: "invalid JSON: PropertyNameExpected", origin: "syntax.json:3:1" })]);
  });

  it("warns about an unused variable but stays valid", () => {
    const t = template();
    t.variables.spare = "x";
    const r = checkBoxText(JSON.stringify(t, null, 2), "unused.json");
    expect(r.valid).toBe(true);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "box-unused-variable", pointer: "/variables/spare" })]);
  });

  it("reports nothing but the schema errors for a document of the wrong shape", () => {
    expect(checkBoxSchema([])).toEqual([expect.objectContaining({ pointer: "", message: "[] must be an object" })]);
  });
});

describe("lab box validate", () => {
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), "lab-box-"));
    mkdirSync(join(d, "boxes"));
    return d;
  };

  it("checks every boxes/*.json of the project by default; exit 0", async () => {
    const io = capture(ROOT);
    expect(await boxValidateCommand([], {}, io)).toBe(0);
    expect(io.stdout()).toContain("boxes/freebsd-14.2.json: valid (2 builders: libvirt, virtualbox)");
  });

  it("exits 2 with file:line:column, pointer, message and hint for an invalid template", async () => {
    const d = dir();
    const t = template();
    t.builders[0].ssh_password = "secret";
    const text = JSON.stringify(t, null, 2);
    writeFileSync(join(d, "boxes/mine.json"), text);
    const io = capture(d);
    expect(await boxValidateCommand(["boxes/mine.json"], {}, io)).toBe(2);
    const line = lineOf(text, '"ssh_password"');
    expect(io.stderr()).toContain(`boxes/mine.json:${line}:7  /builders/0/ssh_password\n  error: unknown property "ssh_password" [box-schema-additionalProperties]\n  hint: remove it; the box is built`);
    expect(io.stderr()).toContain("boxes/mine.json: invalid (1 error, 0 warnings)");
  });

  it("--json reports every file", async () => {
    const d = dir();
    writeFileSync(join(d, "boxes/a.json"), readFileSync(join(ROOT, TEMPLATE)));
    writeFileSync(join(d, "boxes/b.json"), "{");
    const io = capture(d);
    expect(await boxValidateCommand([], { json: true }, io)).toBe(2);
    const report = JSON.parse(io.stdout());
    expect(report.valid).toBe(false);
    expect(report.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([["boxes/a.json", true], ["boxes/b.json", false]]);
    expect(report.files[1].diagnostics[0]).toMatchObject({ code: "box-json-syntax", origin: "boxes/b.json:1:2" });
  });

  it("exits 4 for a missing file", async () => {
    const err = await boxValidateCommand(["boxes/none.json"], {}, capture(dir())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect(err).toMatchObject({ exitCode: 4, message: "boxes/none.json: no such file" });
  });

  it("exits 4 where there are no templates to check", async () => {
    const err = await boxValidateCommand([], {}, capture(mkdtempSync(join(tmpdir(), "lab-box-")))).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 4, message: "no box templates in boxes/" });
  });
});
