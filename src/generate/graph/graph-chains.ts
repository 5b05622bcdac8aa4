// Request chains in words, for renderers that list them: "varnish at 127.0.0.1:3180 (local)".

import type { ResolvedHop, ResolvedLab } from "../../model/types.js";
import { formatPorts } from "./format-ports.js";
import type { ChainStep, GraphChain } from "./graph-types.js";
import { isLoopback } from "./locate-address.js";

/** "clients → www VIP 203.0.113.10:80,443 → nginx → varnish at ... → zope on ... → mysql via ..., solr via ...". */
export function describeChain(chain: GraphChain): string {
  let text = `clients → ${chain.vip} VIP ${chain.address}:${chain.ports}`;
  chain.steps.forEach((step, i) => {
    const previous = chain.steps[i - 1];
    if (!previous) text += ` → ${step.from}`;
    text += `${previous && previous.from === step.from ? "," : " →"} ${step.to} ${step.target}`;
  });
  return text;
}

export function buildChains(lab: ResolvedLab): GraphChain[] {
  return lab.chains.map((chain) => ({
    name: chain.name,
    vip: chain.entry.carp,
    address: chain.entry.address,
    ports: formatPorts(chain.entry.ports),
    steps: chain.hops.map((hop) => describeHop(lab, hop)),
  }));
}

function describeHop(lab: ResolvedLab, hop: ResolvedHop): ChainStep {
  const callers = hop.callers.map((c) => c.host);
  const upstreams = hop.callers.flatMap((c) => c.upstreams.map((u) => ({ ...u, caller: c.host })));
  const ports = formatPorts(upstreams.map((u) => u.port));
  const vip = hop.via !== undefined ? lab.carp.find((c) => c.name === hop.via) : undefined;
  let target: string;
  if (vip) target = `via ${vip.name} VIP ${vip.address}:${ports}`;
  else if (upstreams.every((u) => isLoopback(u.address) || u.host === u.caller)) {
    const addresses = [...new Set(upstreams.map((u) => u.address))].join(",");
    target = `at ${addresses}:${ports} (local)`;
  } else {
    const hosts = [...new Set(upstreams.map((u) => u.host ?? u.address))].join(", ");
    target = `on ${hosts} :${ports}`;
  }
  return { from: hop.from, to: hop.to, callers, target };
}
