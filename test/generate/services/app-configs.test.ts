// The application tier: one Zope instance config per port on each app host, RelStorage on the mysql
// VIP with the lab's app password, blobs on the NFS mount; Solr on 6080 bound to the solr VIP with its
// home on the shared mount. Both releases.
import { describe, expect, it } from "vitest";
import { MODE_FILE, MODE_SECRET } from "../../../src/generate/artifact.js";
import { SOLR_IN_SH, ZOPE_ETC } from "../../../src/generate/services/service-paths.js";
import { testSecrets } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { file, filesUnder, referenceServices, RELEASES } from "./support.js";

/** ZConfig's shape: every <section> closed in order, every $NAME %define'd first. */
function checkZConfig(text: string): void {
  const open: string[] = [];
  const defined = new Set<string>();
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const define = /^%define (\w+) /.exec(line);
    if (define) defined.add(define[1]!);
    const start = /^<([\w-]+)(\s[^>]*)?>$/.exec(line);
    const end = /^<\/([\w-]+)>$/.exec(line);
    if (start) open.push(start[1]!);
    else if (end) expect(open.pop()).toBe(end[1]);
    for (const m of line.replace(/\$\$/g, "").matchAll(/\$(\w+)/g)) expect(defined, `$${m[1]} in: ${line}`).toContain(m[1]);
  }
  expect(open).toEqual([]);
}

describe.each(RELEASES)("Zope instances, FreeBSD %s", (release) => {
  const secrets = testSecrets("zope");
  const artifacts = referenceServices(release, secrets);

  it("9 instance configs per app host, one per port 8080-8088, RelStorage on the mysql VIP 10.0.20.30", () => {
    for (const host of ["app01", "app02"]) {
      const confs = filesUnder(artifacts, host, ZOPE_ETC).filter((a) => a.path.endsWith(".conf"));
      expect(confs.map((a) => /instance-(\d+)\.conf$/.exec(a.path)?.[1])).toEqual(["8080", "8081", "8082", "8083", "8084", "8085", "8086", "8087", "8088"]);
      for (const conf of confs) {
        expect(conf.content).toMatch(/^\s+host 10\.0\.20\.30$/m);
        expect(conf.content).toMatch(/^\s+port 3306$/m);
        expect(conf.content).toMatch(/^\s+db plone$/m);
        expect(conf.content).toMatch(/^\s+user plone$/m);
        expect(conf.content).toContain(`passwd ${secrets.mysql.appPassword}\n`);
        expect(conf.content).toMatch(/^\s+blob-dir \/var\/db\/zope\/blobs$/m);
        expect(conf.content).toMatch(/^\s+shared-blob-dir true$/m);
        expect(conf.content).toContain("%import relstorage");
        expect(conf.mode).toBe(MODE_SECRET);
        checkZConfig(conf.content);
      }
    }
  });

  it("each instance listens on its own port with the model's thread count", () => {
    for (let port = 8080; port <= 8088; port++) {
      const conf = file(artifacts, "app02", `${ZOPE_ETC}/instance-${port}.conf`).content;
      if (release === "8.1") {
        expect(conf).toMatch(new RegExp(`<http-server>\\n\\s+address 0\\.0\\.0\\.0:${port}\\n</http-server>`));
        expect(conf).toMatch(/^zserver-threads 2$/m);
      } else {
        const ini = file(artifacts, "app02", `${ZOPE_ETC}/instance-${port}.ini`);
        expect(ini.content).toMatch(new RegExp(`^listen = 0\\.0\\.0\\.0:${port}$`, "m"));
        expect(ini.content).toMatch(/^threads = 2$/m);
        expect(ini.content).toContain(`zope_conf = ${ZOPE_ETC}/instance-${port}.conf`);
        expect(ini.mode).toBe(MODE_FILE);
        expect(ini.content).not.toContain(secrets.mysql.appPassword);
        expect(conf).not.toContain("<http-server>"); // ZServer is gone from Zope 4+
      }
    }
  });

  it("logs and pid files go to the host's own var mount (the iSCSI LUN), per instance", () => {
    const conf = file(artifacts, "app01", `${ZOPE_ETC}/instance-8083.conf`).content;
    expect(conf).toMatch(/^%define VAR \/var\/db\/zope\/var\/instance-8083$/m);
  });
});

describe.each(RELEASES)("Solr, FreeBSD %s", (release) => {
  const artifacts = referenceServices(release);

  it("port 6080, bound to the solr VIP, home on the shared mount", () => {
    for (const host of ["app01", "app02"]) {
      const sh = file(artifacts, host, SOLR_IN_SH).content;
      expect(sh).toMatch(/^SOLR_PORT='6080'$/m);
      expect(sh).toMatch(/^SOLR_JETTY_HOST='10\.0\.20\.20'$/m);
      expect(sh).toMatch(/^SOLR_HOME='\/var\/db\/solr'$/m);
      expect(sh).toMatch(/NFS export solr/);
      if (release === "8.1") expect(sh).toContain("-Djetty.host=$SOLR_JETTY_HOST -Djetty.port=$SOLR_PORT -Dsolr.solr.home=$SOLR_HOME");
    }
  });
});

describeWithTool("shellcheck", "shellcheck -s sh passes solr.in.sh", () => {
  it.each(RELEASES)("FreeBSD %s", (release) => {
    const r = runTool("shellcheck", ["-s", "sh", "-"], { input: file(referenceServices(release), "app01", SOLR_IN_SH).content });
    expect(r.status, r.output).toBe(0);
  });
});

describe("solr.in.sh sourced by sh", () => {
  it.each(RELEASES)("FreeBSD %s: the values a start script sees", (release) => {
    const text = file(referenceServices(release), "app01", SOLR_IN_SH).content;
    const r = runTool("sh", ["-c", `${text}\nprintf '%s|%s|%s\\n' "$SOLR_PORT" "$SOLR_JETTY_HOST" "$SOLR_HOME"`]);
    expect(r.stdout.trim()).toBe("6080|10.0.20.20|/var/db/solr");
  });
});
