// generateHostNetwork as a whole: which files each host gets and their modes, the round trip of
// every generated pf.conf and ifstated.conf through our parsers (both releases, every provider),
// byte-stable output, and hostile values that must stay in comments or be rejected.
import { describe, expect, it } from "vitest";
import { formatIfstated } from "../../../src/formats/ifstated/format.js";
import { parseIfstated } from "../../../src/formats/ifstated/parse.js";
import { formatPf } from "../../../src/formats/pf/format.js";
import { parsePf } from "../../../src/formats/pf/parse.js";
import { MODE_FILE, MODE_SCRIPT, MODE_SECRET } from "../../../src/generate/artifact.js";
import { PROVIDERS } from "../../../src/generate/context.js";
import { generateHostNetwork } from "../../../src/generate/host/index.js";
import { buildIfstatedConfig } from "../../../src/generate/host/ifstated-conf.js";
import { buildPfRuleset } from "../../../src/generate/host/pf-ruleset.js";
import { referenceLab, referenceSpec, resolveSpec, testSecrets } from "../../support/reference-lab.js";
import { generated, RELEASES } from "./support.js";

describe("files per host", () => {
  it("writes loader.conf, rc.conf, sysctl.conf and pf.conf everywhere; ifstated and its scripts on proxies and db hosts", () => {
    const g = generated("14.2");
    const paths = (host: string) => [...g.files.keys()].filter((p) => p.startsWith(`hosts/${host}/`)).map((p) => p.slice(`hosts/${host}`.length)).sort();
    const base = ["/boot/loader.conf", "/etc/pf.conf", "/etc/rc.conf", "/etc/sysctl.conf"];
    expect(paths("proxy01")).toEqual([...base, "/usr/local/etc/ifstated.conf", "/usr/local/libexec/lab/carp-state.sh", "/usr/local/libexec/lab/check-port.sh"].sort());
    expect(paths("db01")).toEqual([...base, "/usr/local/etc/ifstated.conf", "/usr/local/libexec/lab/carp-state.sh", "/usr/local/libexec/lab/check-port.sh"].sort());
    expect(paths("app01")).toEqual([...base, "/usr/local/libexec/lab/carp-state.sh"].sort());
    expect(paths("stor01")).toEqual(base);
  });

  it("sets the modes: rc.conf 0600 (CARP pass), scripts 0755, the rest 0644", () => {
    for (const a of generateHostNetwork(referenceLab("8.1"), { provider: "bhyve" })) {
      const expected = a.path.endsWith("/etc/rc.conf") ? MODE_SECRET : a.path.endsWith(".sh") ? MODE_SCRIPT : MODE_FILE;
      expect([a.path, a.mode]).toEqual([a.path, expected]);
    }
  });
});

describe("round trip through the parsers (the simulator reads these very files)", () => {
  for (const release of RELEASES) {
    for (const provider of PROVIDERS) {
      it(`${release} ${provider}: every pf.conf and ifstated.conf parses back to the AST it was printed from`, () => {
        const lab = referenceLab(release);
        const files = new Map(generateHostNetwork(lab, { provider }).map((a) => [a.path, a.content]));
        let pfCount = 0;
        let ifstatedCount = 0;
        for (const host of lab.hosts) {
          const pfText = files.get(`hosts/${host.name}/etc/pf.conf`)!;
          const pf = parsePf(pfText);
          expect(pf.ok ? "ok" : pf.errors).toBe("ok");
          if (pf.ok) {
            expect(pf.value).toStrictEqual(buildPfRuleset(lab, host, { provider }));
            expect(formatPf(pf.value)).toBe(pfText);
            pfCount++;
          }
          const ast = buildIfstatedConfig(lab, host);
          const text = files.get(`hosts/${host.name}/usr/local/etc/ifstated.conf`);
          expect(text === undefined).toBe(ast === undefined);
          if (ast && text) {
            const parsed = parseIfstated(text);
            expect(parsed.ok ? "ok" : parsed.errors).toBe("ok");
            if (parsed.ok) {
              expect(parsed.value).toStrictEqual(ast);
              expect(formatIfstated(parsed.value)).toBe(text);
              ifstatedCount++;
            }
          }
        }
        expect([pfCount, ifstatedCount]).toEqual([8, 4]);
      });
    }
  }
});

describe("determinism", () => {
  it("gives byte-identical artifacts for the same lab and secrets", () => {
    for (const release of RELEASES) {
      expect(generateHostNetwork(referenceLab(release), { provider: "libvirt" })).toEqual(generateHostNetwork(referenceLab(release), { provider: "libvirt" }));
    }
  });

  it("puts each lab's own CARP pass in rc.conf", () => {
    const a = generated("14.2", { provider: "virtualbox" }, referenceLab("14.2", testSecrets("alpha"))).text("proxy01", "/etc/rc.conf");
    const b = generated("14.2", { provider: "virtualbox" }, referenceLab("14.2", testSecrets("beta"))).text("proxy01", "/etc/rc.conf");
    expect(a).toContain("pass alphaWwwCarp ");
    expect(b).toContain("pass betaWwwCarp ");
  });
});

describe("hostile values", () => {
  const evil = "Lab\nrm_marker $(rm -rf /) `reboot`\r\n\"; pass in all # and\u0007 more";

  for (const release of RELEASES) {
    it(`${release}: a description with newlines and shell syntax stays inside one comment line`, () => {
      const lab = resolveSpec({ ...referenceSpec(release), description: evil });
      const artifacts = generateHostNetwork(lab, { provider: "virtualbox" });
      for (const a of artifacts) {
        for (const line of a.content.split("\n")) {
          if (line.includes("rm_marker") || line.includes("rm -rf") || line.includes("reboot")) expect([a.path, line.startsWith("# ")]).toEqual([a.path, true]);
        }
        expect(a.content).not.toMatch(/[\r\u0007]/);
      }
      for (const a of artifacts.filter((x) => x.path.endsWith("/pf.conf"))) {
        const r = parsePf(a.content);
        expect(r.ok).toBe(true);
        // The injected "pass in all" did not become a rule.
        if (r.ok) expect(r.value.statements.filter((s) => s.kind === "rule" && !s.interfaces && !s.protocols && s.action === "pass" && s.direction === "in")).toEqual([]);
      }
      for (const a of artifacts.filter((x) => x.path.endsWith("/ifstated.conf"))) expect(parseIfstated(a.content).ok).toBe(true);
    });
  }

  it("rejects a CARP pass that is not a plain token (quote, space, too long)", () => {
    for (const bad of ['s3"cret', "two words", "x".repeat(20), "$(reboot)"]) {
      const secrets = testSecrets();
      const lab = referenceLab("14.2", { ...secrets, carpPass: { ...secrets.carpPass, www: bad } });
      expect(() => generateHostNetwork(lab, { provider: "virtualbox" })).toThrow(/CARP pass for group www must be 1-19 letters and digits/);
    }
  });

  it("rejects a lab without a CARP pass for a group", () => {
    const secrets = testSecrets();
    const lab = referenceLab("8.1", { ...secrets, carpPass: { www: secrets.carpPass.www!, solr: secrets.carpPass.solr! } });
    expect(() => generateHostNetwork(lab, { provider: "virtualbox" })).toThrow(/no CARP pass for group mysql/);
  });
});
