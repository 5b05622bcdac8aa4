// What the proxy tier's configs say, for both releases: haproxy servers, checks and stickiness from
// the resolved hop haproxy -> zope; the VCL probe and grace; nginx's upstream and passive checks.
import { describe, expect, it } from "vitest";
import { HAPROXY_CONF, NGINX_CONF, VARNISH_VCL } from "../../../src/generate/services/service-paths.js";
import { file, referenceServices, RELEASES, resolveEdited, services } from "./support.js";

const serverLines = (conf: string) => conf.split("\n").filter((l) => /^\s+server /.test(l));

describe.each(RELEASES)("proxy configs, FreeBSD %s", (release) => {
  const artifacts = referenceServices(release);

  it("haproxy balances 18 zope instances (9 ports x app01/app02) with distinct cookies and the model's checks", () => {
    for (const proxy of ["proxy01", "proxy02"]) {
      const conf = file(artifacts, proxy, HAPROXY_CONF).content;
      const servers = serverLines(conf);
      expect(servers).toHaveLength(18);
      const cookies = servers.map((l) => /\bcookie (\S+)/.exec(l)?.[1]);
      expect(new Set(cookies).size).toBe(18);
      for (const host of [["app01", "10.0.20.21"], ["app02", "10.0.20.22"]] as const) {
        for (let port = 8080; port <= 8088; port++) {
          expect(servers.filter((l) => l.includes(` ${host[1]}:${port} `))).toHaveLength(1);
        }
      }
      for (const l of servers) expect(l).toMatch(/ check inter 2000 rise 2 fall 3 maxconn 2$/);
      expect(conf).toMatch(/^\s+cookie SERVERID insert indirect nocache$/m);
      expect(conf).toMatch(/^\s+option redispatch$/m);
      expect(conf).toMatch(/^\s+option httpchk/m);
      expect(conf).toMatch(/^\s+bind 0\.0\.0\.0:3380$/m);
      expect(conf).toMatch(/^\s+bind 127\.0\.0\.1:\d+$/m); // stats on localhost only
    }
  });

  it("varnish probes its local haproxy every 5 s, 2 s timeout, window 8, threshold 3, with an hour of grace", () => {
    const vcl = file(artifacts, "proxy01", VARNISH_VCL).content;
    expect(vcl).toContain('.host = "127.0.0.1";');
    expect(vcl).toContain('.port = "3380";');
    expect(vcl).toContain('.url = "/";');
    expect(vcl).toContain(".interval = 5s;");
    expect(vcl).toContain(".timeout = 2s;");
    expect(vcl).toContain(".window = 8;");
    expect(vcl).toContain(".threshold = 3;");
    expect(vcl).toContain("set beresp.grace = 3600s;");
    expect(vcl).toMatch(/__ac/); // logged-in users are passed
    expect(vcl).toMatch(/@@register/);
  });

  it("nginx listens on 80 and 443 (TLS) and sends to the local varnish with max_fails=1 fail_timeout=10s", () => {
    const conf = file(artifacts, "proxy02", NGINX_CONF).content;
    expect(conf).toMatch(/^\s+server 127\.0\.0\.1:3180 max_fails=1 fail_timeout=10s;$/m);
    expect(conf).toMatch(/^\s+listen 80;$/m);
    expect(conf).toMatch(/^\s+listen 443 ssl;$/m);
    expect(conf).toMatch(/^\s+proxy_next_upstream error timeout;$/m);
    expect(conf).toMatch(/^worker_processes 2;$/m);
    expect(conf).toContain("X-Forwarded-For");
    expect(conf).toMatch(/self-signed/i);
  });
});

describe("release differences of the proxy configs", () => {
  it.each(RELEASES)("FreeBSD %s: VCL braces and parentheses balance (8.1's Varnish 2.1 file has no compiler here)", (release) => {
    const vcl = file(referenceServices(release), "proxy01", VARNISH_VCL).content.replace(/"[^"\n]*"/g, '""').replace(/#.*$/gm, "");
    let depth = 0;
    for (const c of vcl) {
      depth += c === "{" || c === "(" ? 1 : c === "}" || c === ")" ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it("VCL 4.1 on 14.2, Varnish 2.1 syntax on 8.1", () => {
    const v14 = file(referenceServices("14.2"), "proxy01", VARNISH_VCL).content;
    const v81 = file(referenceServices("8.1"), "proxy01", VARNISH_VCL).content;
    expect(v14).toMatch(/^vcl 4\.1;$/m);
    expect(v14).toContain("sub vcl_backend_response");
    expect(v14).toContain("req.method");
    expect(v81).not.toMatch(/^vcl /m);
    expect(v81).toContain("sub vcl_fetch");
    expect(v81).toContain("req.request");
    expect(v81).toContain("return (lookup);");
    expect(v81).not.toContain("req.method");
  });

  it("HAProxy 1.4's httpchk request line on 8.1, http-check send on 14.2", () => {
    expect(file(referenceServices("8.1"), "proxy01", HAPROXY_CONF).content).toMatch(/^\s+option httpchk GET \/ HTTP\/1\.0$/m);
    expect(file(referenceServices("14.2"), "proxy01", HAPROXY_CONF).content).toMatch(/^\s+http-check send meth GET uri \//m);
  });
});

describe("values follow the resolved model", () => {
  const lab = resolveEdited("14.2", (spec) => {
    for (const host of spec.hosts) {
      for (const s of host.services) {
        if (s.kind === "haproxy") Object.assign(s, { check: { interMs: 500, rise: 4, fall: 5 }, cookie: "STICKY", redispatch: false, maxconnPerServer: 7 });
        if (s.kind === "varnish") Object.assign(s, { probe: { intervalS: 3, timeoutS: 1, window: 5, threshold: 2 }, graceS: 120 });
        if (s.kind === "nginx") Object.assign(s, { workerProcesses: 4 });
      }
    }
  });
  const artifacts = services(lab);

  it("haproxy takes check, cookie, redispatch and maxconn from the service", () => {
    const conf = file(artifacts, "proxy01", HAPROXY_CONF).content;
    for (const l of serverLines(conf)) expect(l).toMatch(/ check inter 500 rise 4 fall 5 maxconn 7$/);
    expect(conf).toContain("cookie STICKY insert indirect nocache");
    expect(conf).not.toContain("option redispatch");
  });

  it("the VCL takes probe, grace and haproxy's cookie name from the model", () => {
    const vcl = file(artifacts, "proxy01", VARNISH_VCL).content;
    expect(vcl).toContain(".interval = 3s;");
    expect(vcl).toContain(".timeout = 1s;");
    expect(vcl).toContain(".window = 5;");
    expect(vcl).toContain(".threshold = 2;");
    expect(vcl).toContain("set beresp.grace = 120s;");
    expect(vcl).toContain('"^STICKY="');
  });

  it("nginx takes worker_processes from the model", () => {
    expect(file(artifacts, "proxy01", NGINX_CONF).content).toMatch(/^worker_processes 4;$/m);
  });
});
