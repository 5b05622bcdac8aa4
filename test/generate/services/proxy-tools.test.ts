// The proxy configs through the programs that consume them: haproxy -c, nginx -t, varnishd -C.
// Nothing is started; every file the tools write stays in a temporary directory.
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { HAPROXY_CONF, NGINX_CONF, NGINX_MIME_TYPES, NGINX_TLS_CERT, NGINX_TLS_KEY, VARNISH_VCL } from "../../../src/generate/services/service-paths.js";
import type { Artifact } from "../../../src/generate/artifact.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { file, referenceServices, RELEASES, resolveEdited, services, tempDir, writeIn } from "./support.js";

const dirs: string[] = [];
const scratch = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Two varnish and two haproxy upstreams per hop: exercises the round-robin director and a real
// max_fails group, which the reference lab (one local upstream per hop) does not.
const pooled = () =>
  services(resolveEdited("14.2", (spec) => {
    for (const hop of spec.chains[0].hops) {
      if (hop.from === "nginx" || hop.from === "varnish") hop.hosts = ["proxy01", "proxy02"];
    }
  }));

const proxies = ["proxy01", "proxy02"];

describeWithTool("haproxy", "haproxy -c accepts haproxy.conf", () => {
  it.each(RELEASES)("FreeBSD %s", (release) => {
    const artifacts = referenceServices(release);
    for (const host of proxies) {
      const path = writeIn(scratch("haproxy"), "haproxy.conf", file(artifacts, host, HAPROXY_CONF).content);
      const r = runTool("haproxy", ["-c", "-f", path]);
      expect(r.output).toContain("Configuration file is valid");
      expect(r.status, r.output).toBe(0);
    }
  });

  it("rejects a broken haproxy.conf (the check can fail)", () => {
    const conf = file(referenceServices("14.2"), "proxy01", HAPROXY_CONF).content.replace("balance roundrobin", "balance roundrobbin");
    expect(runTool("haproxy", ["-c", "-f", writeIn(scratch("haproxy"), "haproxy.conf", conf)]).status).not.toBe(0);
  });
});

/**
 * nginx -t on a copy of nginx.conf. The only substitutions, all paths and the user: the FreeBSD
 * directory /usr/local/etc/nginx/ and /var/log/nginx/ become the temporary prefix; `user www;` is
 * dropped (no www user/group here; as root nginx -t would look it up); the compiled-in temp paths of
 * this nginx (/var/lib/nginx/*, created by nginx -t) are pointed into the prefix. A self-signed pair
 * (openssl) stands for the one provisioning creates, a two-line mime.types for the package's.
 */
function nginxTest(conf: string): { status: number | null; output: string; dir: string } {
  const dir = scratch("nginx");
  const etc = "/usr/local/etc/nginx/";
  const local = conf
    .replaceAll(etc, `${dir}/etc/`)
    .replaceAll("/var/log/nginx/", `${dir}/log/`)
    .replace(/^user www;\n/m, "")
    .replace(/^http \{$/m, ["http {", ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${dir}/tmp/${t};`)].join("\n"));
  expect(local).not.toContain(etc);
  const path = writeIn(dir, "etc/nginx.conf", local);
  mkdirSync(join(dir, "log"));
  mkdirSync(join(dir, "tmp"));
  writeIn(dir, `etc/${NGINX_MIME_TYPES.slice(etc.length)}`, "types {\n    text/html html;\n    text/css css;\n}\n");
  const cert = join(dir, "etc", NGINX_TLS_CERT.slice(etc.length));
  const key = join(dir, "etc", NGINX_TLS_KEY.slice(etc.length));
  mkdirSync(join(cert, ".."), { recursive: true });
  const ssl = runTool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lab", "-keyout", key, "-out", cert]);
  expect(ssl.status, ssl.output).toBe(0);
  const r = runTool("nginx", ["-t", "-p", dir, "-c", path, "-e", join(dir, "log/error.log"), "-g", `pid ${dir}/nginx.pid;`]);
  return { ...r, dir };
}

describeWithTool("nginx", "nginx -t accepts nginx.conf", () => {
  it.each(RELEASES)("FreeBSD %s", (release) => {
    const artifacts = referenceServices(release);
    for (const host of proxies) {
      const r = nginxTest(file(artifacts, host, NGINX_CONF).content);
      expect(r.output).toContain("test is successful");
      expect(r.status, r.output).toBe(0);
    }
  });

  it("rejects a broken nginx.conf (the check can fail)", () => {
    const conf = file(referenceServices("14.2"), "proxy01", NGINX_CONF).content.replace("proxy_next_upstream error timeout;", "proxy_next_upstream error sometimes;");
    expect(nginxTest(conf).status).not.toBe(0);
  });

  it("with two varnish upstreams (max_fails effective)", () => {
    const conf = file(pooled(), "proxy01", NGINX_CONF).content;
    expect(conf.match(/max_fails=1 fail_timeout=10s;/g)).toHaveLength(2);
    const r = nginxTest(conf);
    expect(r.status, r.output).toBe(0);
  });
});

/** varnishd -C compiles the VCL to C without starting; it drops to its own user, hence a 0777 work dir. */
function varnishCompile(vcl: Artifact): { status: number | null; output: string } {
  const dir = scratch("varnish");
  chmodSync(dir, 0o777);
  const path = writeIn(dir, "default.vcl", vcl.content);
  chmodSync(path, 0o644);
  return runTool("varnishd", ["-C", "-n", join(dir, "work"), "-f", path]);
}

describeWithTool("varnishd", "varnishd -C compiles default.vcl (14.2, VCL 4.1)", () => {
  it("the reference lab's VCL on both proxies", () => {
    const artifacts = referenceServices("14.2");
    for (const host of proxies) {
      const r = varnishCompile(file(artifacts, host, VARNISH_VCL));
      expect(r.status, r.output.slice(-2000)).toBe(0);
    }
  });

  it("a round-robin director over two haproxies", () => {
    const vcl = file(pooled(), "proxy01", VARNISH_VCL);
    expect(vcl.content).toContain("directors.round_robin()");
    const r = varnishCompile(vcl);
    expect(r.status, r.output.slice(-2000)).toBe(0);
  });

  // Varnish 7 rejects VCL without a version line; the 8.1 file is Varnish 2.1 syntax, which no
  // Varnish here can compile. Prove the check would catch a broken file, so the 14.2 pass means something.
  it("rejects a broken VCL (the check can fail)", () => {
    const vcl = file(referenceServices("14.2"), "proxy01", VARNISH_VCL);
    const r = varnishCompile({ ...vcl, content: vcl.content.replace("return (hash);", "return (lookup);") });
    expect(r.status).not.toBe(0);
  });
});
