// Hosts grouped by tier (their role), front to back: proxy, app, db, storage, then any other role in
// the lab's order. The console's host order (moving the selection) follows it.

import type { ClusterView, HostView } from "../../sim/view.js";

const TIER_ORDER = ["proxy", "app", "db", "storage"];

export interface Tier {
  readonly role: string;
  readonly hosts: readonly HostView[];
}

export function tiersOf(view: ClusterView): Tier[] {
  const roles: string[] = [];
  for (const h of view.hosts) if (!roles.includes(h.role)) roles.push(h.role);
  const rank = (role: string) => {
    const i = TIER_ORDER.indexOf(role);
    return i === -1 ? TIER_ORDER.length + roles.indexOf(role) : i;
  };
  return [...roles].sort((a, b) => rank(a) - rank(b)).map((role) => ({ role, hosts: view.hosts.filter((h) => h.role === role) }));
}

/** Host names in the console's order (tier by tier). */
export function hostOrder(view: ClusterView): string[] {
  return tiersOf(view).flatMap((t) => t.hosts.map((h) => h.name));
}
