// default.vcl of a proxy: the haproxy of the chain hop varnish -> haproxy as backend, probed as the
// model says, grace while it is sick, anonymous GETs cached and everything personal passed.
// 14.x runs Varnish 7 (VCL 4.1); 8.1 ran Varnish 2.1, whose VCL differs (req.request, vcl_fetch,
// beresp.*, return (lookup), req.backend, directors declared in VCL).

import type { Endpoint, ResolvedHost, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import { generatedHeader, hostNamed, serviceOf } from "./lookup.js";
import { VARNISH_VCL } from "./service-paths.js";

/** Zope/Plone pages that must never come from the cache: registration, login, password reset. */
const PERSONAL_URLS = "^/[^?]*(@@register|join_form|@@new-user|login|logged_in|logout|mail_password|passwordreset|acl_users)";
/** Cookies of a logged-in user or a session (Zope __ac, _ZopeId; Plone status messages). */
const PERSONAL_COOKIES = "(^|;\\s*)(__ac|_ZopeId|statusmessages)=";
/** Grace while the backend is healthy: serve a just-expired object while a fresh one is fetched. */
const HEALTHY_GRACE_S = 10;

function backendName(i: number): string {
  return `haproxy${i + 1}`;
}

function backendBlock(up: Endpoint, i: number, varnish: ResolvedServiceOf<"varnish">): string[] {
  const p = varnish.probe;
  return [
    `backend ${backendName(i)} {`,
    `    .host = "${up.address}";`,
    `    .port = "${up.port}";`,
    "    .connect_timeout = 5s;",
    "    # Registration takes 15-20 s (the lab's requirements).",
    "    .first_byte_timeout = 60s;",
    `    # Sick when fewer than ${p.threshold} of the last ${p.window} probes (every ${p.intervalS} s, ${p.timeoutS} s timeout) succeeded.`,
    "    .probe = {",
    '        .url = "/";',
    `        .timeout = ${p.timeoutS}s;`,
    `        .interval = ${p.intervalS}s;`,
    `        .window = ${p.window};`,
    `        .threshold = ${p.threshold};`,
    "    }",
    "}",
  ];
}

/** The cookie haproxy inserts for stickiness on the upstream host (`cookie NAME insert indirect nocache`). */
function stickyCookie(lab: ResolvedLab, haproxy: readonly Endpoint[]): string | undefined {
  for (const up of haproxy) {
    const host = up.host ? hostNamed(lab, up.host) : undefined;
    const service = host ? serviceOf(host, "haproxy") : undefined;
    if (service) return service.cookie;
  }
  return undefined;
}

function vcl41(varnish: ResolvedServiceOf<"varnish">, haproxy: readonly Endpoint[], cookie: string | undefined): string[] {
  const pool = haproxy.length > 1;
  return [
    "vcl 4.1;",
    "",
    "import std;",
    ...(pool ? ["import directors;"] : []),
    "",
    ...haproxy.flatMap((up, i) => [...backendBlock(up, i, varnish), ""]),
    ...(pool
      ? ["sub vcl_init {", "    new pool = directors.round_robin();", ...haproxy.map((_, i) => `    pool.add_backend(${backendName(i)});`), "}", ""]
      : []),
    "sub vcl_recv {",
    `    set req.backend_hint = ${pool ? "pool.backend()" : backendName(0)};`,
    "    # POSTs (registration, login, edits) and other methods go to the backend every time.",
    '    if (req.method != "GET" && req.method != "HEAD") {',
    "        return (pass);",
    "    }",
    `    if (req.url ~ "${PERSONAL_URLS}") {`,
    "        return (pass);",
    "    }",
    "    # Logged-in users keep their cookies (and haproxy's stickiness cookie) and are never cached.",
    `    if (req.http.Authorization || req.http.Cookie ~ "${PERSONAL_COOKIES}") {`,
    "        return (pass);",
    "    }",
    "    # Anonymous: one cached copy for everyone, whatever cookies the browser sends.",
    "    unset req.http.Cookie;",
    `    # Healthy backend: ${HEALTHY_GRACE_S} s of grace; sick backend: the object's full grace (beresp.grace).`,
    "    if (std.healthy(req.backend_hint)) {",
    `        set req.grace = ${HEALTHY_GRACE_S}s;`,
    "    }",
    "    return (hash);",
    "}",
    "",
    "sub vcl_backend_response {",
    `    set beresp.grace = ${varnish.graceS}s;`,
    ...(cookie
      ? [
          `    # haproxy inserted its ${cookie} cookie (and, with nocache, "Cache-control: private") into the`,
          "    # answer to a cookieless anonymous request: drop both so the page is cacheable for everyone.",
          `    if (!bereq.uncacheable && beresp.http.Set-Cookie ~ "^${cookie}=") {`,
          "        unset beresp.http.Set-Cookie;",
          '        if (beresp.http.Cache-Control == "private") {',
          "            unset beresp.http.Cache-Control;",
          "        }",
          "    }",
        ]
      : []),
    "}",
  ];
}

function vcl21(varnish: ResolvedServiceOf<"varnish">, haproxy: readonly Endpoint[], cookie: string | undefined): string[] {
  const pool = haproxy.length > 1;
  return [
    "# Varnish 2.1 syntax (the 8.1 era): no vcl version line, req.request, vcl_fetch with beresp.*.",
    "",
    ...haproxy.flatMap((up, i) => [...backendBlock(up, i, varnish), ""]),
    ...(pool ? ["director pool round-robin {", ...haproxy.map((_, i) => `    { .backend = ${backendName(i)}; }`), "}", ""] : []),
    "sub vcl_recv {",
    `    set req.backend = ${pool ? "pool" : backendName(0)};`,
    `    # Healthy backend: ${HEALTHY_GRACE_S} s of grace; sick backend: the object's full grace.`,
    "    if (req.backend.healthy) {",
    `        set req.grace = ${HEALTHY_GRACE_S}s;`,
    "    } else {",
    `        set req.grace = ${varnish.graceS}s;`,
    "    }",
    "    # POSTs (registration, login, edits) and other methods go to the backend every time.",
    '    if (req.request != "GET" && req.request != "HEAD") {',
    "        return (pass);",
    "    }",
    `    if (req.url ~ "${PERSONAL_URLS}") {`,
    "        return (pass);",
    "    }",
    "    # Logged-in users keep their cookies (and haproxy's stickiness cookie) and are never cached.",
    `    if (req.http.Authorization || req.http.Cookie ~ "${PERSONAL_COOKIES}") {`,
    "        return (pass);",
    "    }",
    "    # Anonymous: one cached copy for everyone, whatever cookies the browser sends.",
    "    remove req.http.Cookie;",
    '    set req.http.X-Lab-Anonymous = "1";',
    "    return (lookup);",
    "}",
    "",
    "sub vcl_fetch {",
    `    set beresp.grace = ${varnish.graceS}s;`,
    ...(cookie
      ? [
          `    # haproxy inserted its ${cookie} cookie (and, with nocache, "Cache-control: private") into the`,
          "    # answer to a cookieless anonymous request: drop both so the page is cacheable for everyone.",
          `    if (req.http.X-Lab-Anonymous && beresp.http.Set-Cookie ~ "^${cookie}=") {`,
          "        remove beresp.http.Set-Cookie;",
          '        if (beresp.http.Cache-Control == "private") {',
          "            remove beresp.http.Cache-Control;",
          "        }",
          "    }",
        ]
      : []),
    "}",
  ];
}

export function renderVcl(lab: ResolvedLab, host: ResolvedHost, varnish: ResolvedServiceOf<"varnish">, haproxy: readonly Endpoint[]): string {
  const cookie = stickyCookie(lab, haproxy);
  const body = lab.release === "8.1" ? vcl21(varnish, haproxy, cookie) : vcl41(varnish, haproxy, cookie);
  return [generatedHeader(lab, host.name, VARNISH_VCL), "# Backend: haproxy of the chain hop varnish -> haproxy.", ...body].join("\n");
}
