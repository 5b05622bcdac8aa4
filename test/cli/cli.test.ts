// The `lab` command as users meet it: in-process through run() for most cases, and as a whole
// process (bin/lab.js -> dist/lab.js, built by `npm test`) for exit codes and start-up.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const REFERENCE_JSON = readFileSync(join(ROOT, "lab/speed-daemons.json"), "utf8");

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

async function lab(cwd: string, ...args: string[]) {
  const io = capture(cwd);
  const code = await run(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "lab-cli-"));
}

function reference(): any {
  return JSON.parse(REFERENCE_JSON);
}

const NO_STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe("lab validate", () => {
  it("accepts the reference Vagrantfile.ts in the project", async () => {
    const r = await lab(ROOT, "validate");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Vagrantfile.ts: valid (speed-daemons: 8 hosts, 5 networks, 3 CARP groups)");
  });

  it("uses the built-in reference lab where there is no ./Vagrantfile.ts", async () => {
    const r = await lab(tempDir(), "validate", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: "built-in reference lab", valid: true, errors: 0, warnings: 0 });
  });

  it("reports a semantic error in a JSON lab with file:line:column, pointer, message and hint; exit 2", async () => {
    const dir = tempDir();
    const spec = reference();
    spec.hosts[1].laggs[1].ports[1] = "em0"; // proxy02: em0 is already a port of lagg0
    writeFileSync(join(dir, "lab.json"), JSON.stringify(spec, null, 2));
    const r = await lab(dir, "validate", "lab.json");
    expect(r.code).toBe(2);
    const line = JSON.stringify(spec, null, 2).split("\n").findIndex((l, i, all) => l.includes('"em0"') && all.slice(0, i).join("\n").split('"proxy02"').length > 1 && all[i - 1]!.includes('"em2"')) + 1;
    expect(r.stderr).toContain(`lab.json:${line}:`);
    expect(r.stderr).toContain("/hosts/1/laggs/1/ports/1");
    expect(r.stderr).toContain("error: em0 is already a port of lagg0 [lagg-port-reused]");
    expect(r.stderr).toContain("hint: a NIC can be a port of one LAGG only, once");
    expect(r.stderr).toContain("lab.json: invalid (1 error, 0 warnings)");
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it("--json lists diagnostics with origin for scripts", async () => {
    const dir = tempDir();
    const spec = reference();
    spec.carp[1].vhid = 1;
    spec.carp[1].network = "public";
    spec.carp[1].address = "203.0.113.20";
    writeFileSync(join(dir, "lab.json"), JSON.stringify(spec, null, 2));
    const r = await lab(dir, "validate", "lab.json", "--json");
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    const clash = report.diagnostics.find((d: any) => d.code === "carp-vhid-clash");
    expect(clash).toMatchObject({ severity: "error", pointer: "/carp/1/vhid" });
    expect(clash.origin).toMatch(/^lab\.json:\d+:\d+$/);
  });

  it("points errors in a Vagrantfile.ts at the builder call that made the element", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Vagrantfile.ts"), [
      'import { defineLab } from "speed-daemons-lab";',
      "",
      'export default defineLab("small", (lab) => {',
      '  lab.network("public", "203.0.113.0/24", { kind: "public" });',
      '  lab.host("web1", "proxy").lagg("lagg0", ["em0", "em1"], { network: "public" }).services("nginx");',
      '  lab.host("web2", "proxy")',
      '    .lagg("lagg0", ["em0", "em1"], { network: "pubilc" })',
      '    .services("nginx");',
      "});",
    ].join("\n"));
    const r = await lab(dir, "validate");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Vagrantfile.ts:7:6 host("web2").lagg("lagg0")  /hosts/1/laggs/0/network');
    expect(r.stderr).toContain('error: network "pubilc" is not defined [unknown-network]');
    expect(r.stderr).toContain('hint: did you mean "public"? Valid: public');
  });

  it("reports a TypeScript syntax error with its position; exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "Vagrantfile.ts"), 'import { defineLab } from "speed-daemons-lab";\nexport default defineLab("x", (lab) => {\n  lab.network("a", \n});\n');
    const r = await lab(dir, "validate");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lab: Vagrantfile\.ts:4:1: /);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it("reports a lab script that throws, at the throwing line; exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "mine.ts"), 'import { defineLab } from "speed-daemons-lab";\nexport default defineLab("x", (lab) => {\n  throw new Error("boom");\n});\n');
    const r = await lab(dir, "validate", "mine.ts");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("lab: mine.ts:3:");
    expect(r.stderr).toContain("Error: boom");
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it("asks for a default export", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "mine.ts"), "export const lab = 1;\n");
    const r = await lab(dir, "validate", "mine.ts");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("lab: mine.ts: has no default export");
  });

  it("reports JSON syntax errors at line:column; exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "lab.json"), '{\n  "name": "x",\n  "hosts": [,]\n}\n');
    const r = await lab(dir, "validate", "lab.json");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("lab: lab.json:3:13: invalid JSON: ValueExpected");
  });

  it("says which file is missing; exit 4", async () => {
    const r = await lab(tempDir(), "validate", "nope.json");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("lab: nope.json: no such file");
    expect(r.stderr).toContain("hint:");
  });

  it("refuses unknown file types, commands and options; exit 3", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "lab.yaml"), "name: x\n");
    expect((await lab(dir, "validate", "lab.yaml")).code).toBe(3);
    const cmd = await lab(dir, "valdate");
    expect(cmd.code).toBe(3);
    expect(cmd.stderr).toContain("(Did you mean validate?)");
    expect((await lab(dir, "show", "--jsn")).code).toBe(3);
    const fmt = await lab(dir, "graph", "--format", "png");
    expect(fmt.code).toBe(3);
    expect(fmt.stderr).toContain("Allowed choices are ascii, dot, mermaid, svg");
  });

  it("--strict makes warnings fail", async () => {
    const dir = tempDir();
    const spec = reference();
    spec.carp[0].members[1].advskew = 0; // equal advskew: a warning
    writeFileSync(join(dir, "lab.json"), JSON.stringify(spec));
    expect((await lab(dir, "validate", "lab.json")).code).toBe(0);
    const strict = await lab(dir, "validate", "lab.json", "--strict");
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("[carp-equal-advskew]");
  });
});

describe("lab show", () => {
  it("--json lists the eight hosts with their addresses and the three VIPs, and no secrets", async () => {
    const dir = tempDir();
    const r = await lab(dir, "show", "--json");
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout);
    expect(shown.hosts.map((h: any) => h.name)).toEqual(["proxy01", "proxy02", "app01", "app02", "db01", "db02", "stor01", "stor02"]);
    expect(shown.hosts[0].interfaces.map((i: any) => `${i.name} ${i.address}`)).toEqual(["lagg0 203.0.113.11", "lagg1 10.0.20.11", "em4 10.0.99.11"]);
    expect(shown.carp.map((g: any) => `${g.name} ${g.vhid} ${g.address}`)).toEqual(["www 1 203.0.113.10", "solr 2 10.0.20.20", "mysql 3 10.0.20.30"]);
    expect(r.stdout).not.toMatch(/secrets|carpPass|PRIVATE KEY|Password/);
    expect(existsSync(join(dir, ".lab"))).toBe(false);
  });

  it("prints tables of networks, hosts, VIPs, disks and the request chain", async () => {
    const r = await lab(tempDir(), "show");
    expect(r.code).toBe(0);
    for (const heading of ["NETWORKS", "HOSTS", "VIPS (CARP)", "DISKS AND POOLS", "REQUEST CHAIN www", "MYSQL plone", "STORAGE tank", "REQUIREMENTS"]) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toMatch(/www\s+1\s+203\.0\.113\.10\/24\s+public\s+1s\s+proxy01 lagg0 \(0\) preferred master, proxy02 lagg0 \(100\)/);
    expect(r.stdout).toContain("tank: raidz2 da0 da1 da2 da3 da4 da5 da6; log mirror ada2 ada3");
    expect(r.stdout).toContain("zope 8080-8088");
    expect(r.stdout).toContain("solr 6080 on solr VIP 10.0.20.20");
  });

  it("refuses an invalid lab with its diagnostics; exit 2", async () => {
    const dir = tempDir();
    const spec = reference();
    delete spec.hosts[0].role;
    writeFileSync(join(dir, "lab.json"), JSON.stringify(spec, null, 2));
    const r = await lab(dir, "show", "lab.json");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required property "role"');
    expect(r.stderr).toContain("lab: lab.json: invalid lab (1 error)");
  });
});

describe("lab graph", () => {
  it("writes an SVG file with -o and says so", async () => {
    const dir = tempDir();
    const r = await lab(dir, "graph", "--format", "svg", "-o", "lab.svg");
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, "lab.svg"), "utf8");
    expect(svg.startsWith("<svg") || svg.startsWith("<?xml")).toBe(true);
    for (const host of ["proxy01", "proxy02", "app01", "app02", "db01", "db02", "stor01", "stor02"]) expect(svg).toContain(host);
    expect(r.stderr).toContain("wrote lab.svg (svg,");
  });

  it("cannot write into a missing directory; exit 4", async () => {
    const r = await lab(tempDir(), "graph", "-o", "no/such/dir/x.txt");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("lab: no/such/dir/x.txt: cannot write: ENOENT");
  });
});

describe("the lab bin as a whole process", () => {
  const bin = join(ROOT, "bin/lab.js");
  const node = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });

  it("runs the compiled bundle: validate, --help with examples and exit codes, --version", () => {
    expect(existsSync(join(ROOT, "dist/lab.js"))).toBe(true);
    const ok = node(ROOT, "validate");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("valid");
    const help = node(ROOT, "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("Exit codes: 0 ok, 1 internal error, 2 invalid lab, 3 usage error, 4 file error.");
    expect(node(ROOT, "--version").stdout.trim()).toBe("0.1.0");
  });

  it("exits 2 on an invalid Vagrantfile.ts, 3 on usage, 4 on a missing file, never with a stack trace", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub/Vagrantfile.ts"), 'import { defineLab } from "speed-daemons-lab";\nexport default defineLab("x", (lab) => { lab.network("a", "10.0.0.0/24"); lab.host("a", "proxy").nic("em0", { network: "nowhere" }); });\n');
    const invalid = node(dir, "validate", "sub/Vagrantfile.ts");
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('sub/Vagrantfile.ts:2:');
    expect(invalid.stderr).toContain('host("a").nic("em0")');
    expect(node(dir, "frobnicate").status).toBe(3);
    expect(node(dir, "show", "missing.json").status).toBe(4);
    for (const r of [invalid, node(dir, "frobnicate"), node(dir, "show", "missing.json")]) expect(r.stderr).not.toMatch(NO_STACK);
  });
});

describe("lab generate", () => {
  it("writes the tree, keeps secrets in .lab/ and secret-bearing files 0600, and a second run changes nothing", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "lab.json"), REFERENCE_JSON.replace('"../schema/lab.schema.json"', '"x"'));
    const first = await lab(dir, "generate", "lab.json", "--out", "build");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/wrote build\/ for speed-daemons \(FreeBSD 14\.2, virtualbox\): \d+ files: \d+ new, 0 changed, 0 unchanged/);
    expect(statSync(join(dir, ".lab/secrets.json")).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(join(dir, ".lab/secrets.json"), "utf8"));
    const rc = readFileSync(join(dir, "build/hosts/proxy01/etc/rc.conf"), "utf8");
    expect(rc).toContain(`pass ${secrets.carpPass.www} alias 203.0.113.10/32`);
    expect(statSync(join(dir, "build/hosts/proxy01/etc/rc.conf")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "build/hosts/proxy01/provision.sh")).mode & 0o777).toBe(0o755);
    expect(existsSync(join(dir, "build/Vagrantfile"))).toBe(true);
    const second = await lab(dir, "generate", "lab.json", "--out", "build");
    expect(second.stdout).toMatch(/: (\d+) files: 0 new, 0 changed, \1 unchanged/);
  });

  it("--dry-run --json plans without writing, --release 8.1 switches the syntax", async () => {
    const dir = tempDir();
    const r = await lab(dir, "generate", "--out", "out", "--release", "8.1", "--provider", "bhyve", "--dry-run", "--json");
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ release: "8.1", provider: "bhyve", dryRun: true });
    expect(plan.files.every((f: any) => f.change === "create")).toBe(true);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(existsSync(join(dir, ".lab"))).toBe(false);
    await lab(dir, "generate", "--out", "out", "--release", "8.1");
    expect(readFileSync(join(dir, "out/hosts/proxy01/etc/rc.conf"), "utf8")).toContain('cloned_interfaces="lagg0 lagg1 carp0"');
  });

  it("refuses an output path that is a file (exit 4) and a missing --out (exit 3)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "taken"), "x");
    const r = await lab(dir, "generate", "--out", "taken");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("cannot write generated files");
    expect(readFileSync(join(dir, "taken"), "utf8")).toBe("x");
    expect((await lab(dir, "generate")).code).toBe(3);
  });
});

describe("lab box validate", () => {
  it("accepts the shipped box templates", async () => {
    const r = await lab(ROOT, "box", "validate");
    expect(r.code).toBe(0);
  });
});

describe("lab sim", () => {
  it("--json prints one event a line then the summary, byte-identical on a second run", async () => {
    const args = ["sim", "--seed", "1", "--duration", "120s", "--fault", "30s: power-off proxy01", "--json"];
    const a = await lab(tempDir(), ...args);
    const b = await lab(tempDir(), ...args);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const lines = a.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    expect(summary.type).toBe("summary");
    expect(summary.seed).toBe(1);
    expect(summary.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.vips.find((v: any) => v.group === "www").failovers[0]).toMatchObject({ from: "proxy01", to: "proxy02", faultAtS: 30 });
    const takeover = lines.find((e) => e.type === "carp.state" && e.host === "proxy02" && e.to === "MASTER" && e.t > 30);
    expect(takeover).toMatchObject({ iface: "lagg0", vhid: 1, vip: "203.0.113.10", from: "BACKUP", reason: "master timed out" });
    expect(lines.slice(0, -1).every((e) => typeof e.t === "number" && typeof e.type === "string")).toBe(true);
    expect(lines.some((e) => e.type === "carp.advert")).toBe(false);
    const all = await lab(tempDir(), "sim", "--duration", "30s", "--events", "all", "--json");
    expect(all.stdout).toContain('"type":"carp.advert"');
  });

  it("refuses a fault naming an unknown host with the valid names; exit 3", async () => {
    const r = await lab(tempDir(), "sim", "--fault", "30s: power-off proxy03");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('unknown host "proxy03"');
    expect(r.stderr).toContain("proxy01, proxy02");
    expect((await lab(tempDir(), "sim", "--fault", "30s: explode proxy01")).code).toBe(3);
    expect((await lab(tempDir(), "sim", "--duration", "soon")).code).toBe(3);
  });

  it("prints a readable timeline and summary without --json", async () => {
    const r = await lab(tempDir(), "sim", "--duration", "60s", "--fault", "30s: power-off proxy01");
    expect(r.code).toBe(0);
    const line = /\n +(3\d\.\d{6}) s {2}carp\.state +proxy02 lagg0 vhid 1 {2}BACKUP -> MASTER {2}\(master timed out\)/.exec(r.stdout);
    expect(line).not.toBeNull();
    // Within 3*advbase + advskew/256 of proxy01's last advertisement, which came less than advbase before the fault.
    const takeoverS = Number(line![1]) - 30;
    expect(takeoverS).toBeGreaterThan(3 + 100 / 256 - 1);
    expect(takeoverS).toBeLessThanOrEqual(3 + 100 / 256 + 0.0001);
    expect(r.stdout).toContain(`failover at ${line![1]} s: proxy01 -> proxy02, ${takeoverS.toFixed(6).replace(/0+$/, "")} s after "power-off proxy01"`);
    expect(r.stdout).toMatch(/requests: \d+ from \d+(\.\d+)? s, \d+ failed, availability [\d.]+%/);
  });
});
