// nginx.conf of a proxy: HTTP and HTTPS on the ports of the model, every request handed to the
// varnish of the chain hop nginx -> varnish, with passive health checks (max_fails/fail_timeout).

import type { Endpoint, ResolvedHost, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import { bindEndpoint, generatedHeader } from "./lookup.js";
import { NGINX_ACCESS_LOG, NGINX_CONF, NGINX_MIME_TYPES, NGINX_TLS_CERT, NGINX_TLS_KEY } from "./service-paths.js";

const TLS_PORT = 443;

function listenLines(nginx: ResolvedServiceOf<"nginx">): string[] {
  return nginx.ports.map((port) => `        listen ${bindEndpoint(nginx.bindAddress, port)}${port === TLS_PORT ? " ssl" : ""};`);
}

function tlsLines(lab: ResolvedLab, nginx: ResolvedServiceOf<"nginx">): string[] {
  if (!nginx.ports.includes(TLS_PORT)) return [];
  return [
    "",
    "        # Self-signed certificate and key: provision.sh creates them (openssl req -x509) before",
    "        # nginx first starts; replace them with real ones for a public site.",
    `        ssl_certificate ${NGINX_TLS_CERT};`,
    `        ssl_certificate_key ${NGINX_TLS_KEY};`,
    // nginx 0.8 of the 8.1 era has no TLS 1.2/1.3 names; its defaults are the era's protocols.
    ...(lab.release === "8.1" ? [] : ["        ssl_protocols TLSv1.2 TLSv1.3;"]),
  ];
}

export function renderNginxConf(lab: ResolvedLab, host: ResolvedHost, nginx: ResolvedServiceOf<"nginx">, varnish: readonly Endpoint[]): string {
  const servers = varnish.map((v) => `        server ${v.address}:${v.port} max_fails=${nginx.maxFails} fail_timeout=${nginx.failTimeoutS}s;`);
  const single = varnish.length === 1
    ? ["    # With a single server nginx ignores max_fails/fail_timeout (nginx docs: such a server is never", "    # considered unavailable); they take effect when the hop lists more than one varnish."]
    : [];
  return [
    generatedHeader(lab, host.name, NGINX_CONF),
    "# nginx terminates HTTP/HTTPS for the www VIP and passes every request to varnish (chain hop nginx -> varnish).",
    "user www;",
    `worker_processes ${nginx.workerProcesses};`,
    "",
    "events {",
    "    worker_connections 1024;",
    "}",
    "",
    "http {",
    `    include ${NGINX_MIME_TYPES};`,
    "    default_type application/octet-stream;",
    `    access_log ${NGINX_ACCESS_LOG};`,
    "    sendfile on;",
    "    keepalive_timeout 65;",
    "    server_tokens off;",
    "",
    `    # Passive health checks: ${nginx.maxFails} failed attempt(s) (error or timeout, see proxy_next_upstream)`,
    `    # within ${nginx.failTimeoutS} s take a server out for ${nginx.failTimeoutS} s.`,
    ...single,
    "    upstream varnish {",
    ...servers,
    "    }",
    "",
    "    server {",
    ...listenLines(nginx),
    "        server_name _;",
    ...tlsLines(lab, nginx),
    "",
    "        location / {",
    "            proxy_pass http://varnish;",
    "            proxy_next_upstream error timeout;",
    "            proxy_connect_timeout 5s;",
    "            # Registration takes 15-20 s end to end (the lab's requirements): leave room.",
    "            proxy_read_timeout 60s;",
    "            proxy_set_header Host $host;",
    "            # The edge proxy: the client's own address, never an X-Forwarded-For it sent (forgeable).",
    "            proxy_set_header X-Forwarded-For $remote_addr;",
    "            proxy_set_header X-Real-IP $remote_addr;",
    "            proxy_set_header X-Forwarded-Proto $scheme;",
    "        }",
    "    }",
    "}",
  ].join("\n");
}
