// haproxy.conf of a proxy: a frontend on the model's port, one backend with every zope instance of
// the chain hop haproxy -> zope, active health checks, cookie stickiness and redispatch, a stats page
// on localhost. One syntax for HAProxy 1.4 (8.1 era) and 2.x/3.x except the health-check request.

import type { Endpoint, ResolvedHost, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import { generatedHeader } from "./lookup.js";
import { HAPROXY_CONF, HAPROXY_SOCKET, HAPROXY_STATS_PORT } from "./service-paths.js";

/** FreeBSD's www user and group (uid/gid 80): numeric, so no lookup at parse time. */
const WWW_ID = 80;

/** Server name, also its stickiness cookie value: app01_8080 (s1, s2... for upstreams without a host). */
export function serverName(up: Endpoint, i: number): string {
  return up.host ? `${up.host.replace(/-/g, "_")}_${up.port}` : `s${i + 1}`;
}

function healthCheck(lab: ResolvedLab): string[] {
  // HAProxy 1.4 takes the request on the option line; 2.2+ prefers http-check send (with a Host header).
  return lab.release === "8.1"
    ? ["    option httpchk GET / HTTP/1.0"]
    : ["    option httpchk", "    http-check send meth GET uri / ver HTTP/1.1 hdr Host localhost"];
}

export function renderHaproxyConf(lab: ResolvedLab, host: ResolvedHost, haproxy: ResolvedServiceOf<"haproxy">, zope: readonly Endpoint[]): string {
  const c = haproxy.check;
  const servers = zope.map((up, i) => {
    const name = serverName(up, i);
    return `    server ${name} ${up.address}:${up.port} cookie ${name} check inter ${c.interMs} rise ${c.rise} fall ${c.fall} maxconn ${haproxy.maxconnPerServer}`;
  });
  const binds = haproxy.ports.map((port) => `    bind ${haproxy.bindAddress}:${port}`);
  return [
    generatedHeader(lab, host.name, HAPROXY_CONF),
    "# HAProxy balances the Zope instances of the chain hop haproxy -> zope for the local varnish.",
    "global",
    "    daemon",
    "    maxconn 4096",
    `    uid ${WWW_ID}`,
    `    gid ${WWW_ID}`,
    "    log /var/run/log local0",
    `    stats socket ${HAPROXY_SOCKET} mode 600 level admin`,
    "",
    "defaults",
    "    mode http",
    "    log global",
    "    option httplog",
    "    option dontlognull",
    "    retries 3",
    ...(haproxy.redispatch ? ["    # A request whose sticky server is down goes to another one instead of failing.", "    option redispatch"] : []),
    "    timeout connect 5s",
    "    timeout client 60s",
    "    # Registration takes 15-20 s end to end (the lab's requirements).",
    "    timeout server 60s",
    "    # Requests wait here while every instance is at its maxconn.",
    "    timeout queue 30s",
    "",
    "frontend www",
    ...binds,
    "    default_backend zope",
    "",
    "backend zope",
    "    balance roundrobin",
    `    # Stickiness: the ${haproxy.cookie} cookie names the instance holding the user's session.`,
    `    cookie ${haproxy.cookie} insert indirect nocache`,
    ...healthCheck(lab),
    `    # DOWN after ${c.fall} failed checks ${c.interMs} ms apart, UP again after ${c.rise} good ones;`,
    `    # maxconn ${haproxy.maxconnPerServer}: one request per Zope thread, the rest queue here.`,
    ...servers,
    "",
    "listen stats",
    `    bind 127.0.0.1:${HAPROXY_STATS_PORT}`,
    "    stats enable",
    "    stats uri /",
    "    stats refresh 5s",
  ].join("\n");
}
