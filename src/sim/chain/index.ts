// The request-chain component models (nginx, Varnish, HAProxy, Zope) for the world to wire together.

export * from "./types.js";
export * from "./service-time.js";
export * from "./health-counter.js";
export * from "./haproxy-backend.js";
export * from "./varnish-probe.js";
export * from "./varnish-cache.js";
export * from "./nginx-upstream.js";
export * from "./zope-instance.js";
