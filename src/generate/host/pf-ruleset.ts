// Builds a host's /etc/pf.conf as a pf AST (formatted by formats/pf, so it round-trips by
// construction): interface macros, client tables, `set skip on lo0`, default deny (`block in log
// all`, `pass out all keep state`), CARP and pfsync, then only the ports the host serves, each
// from the hosts that use it, ssh from the lab's private networks, and ICMP echo.

import type { PfHostItem, PfInterfaceItem, PfPortItem, PfRule, PfRuleset, PfStatement, PfTableEntry } from "../../formats/pf/ast.js";
import { keepState, pfAddress, pfMacroInterface, pfRule, pfTableAddress, portEquals, portRange } from "../../formats/pf/ast.js";
import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import type { GenerateOptions, Provider } from "../context.js";
import { headerLines } from "./header.js";
import { interfaceMacro, runsService, syncInterface } from "./host-lookup.js";
import type { Grant } from "./pf-grants.js";
import { commonRole, serviceGrants } from "./pf-grants.js";

/** The network Vagrant's own ssh comes from (the provider's NAT or management network). */
const MANAGEMENT_CIDR: Readonly<Record<Provider, string | undefined>> = {
  virtualbox: "10.0.2.0/24",
  libvirt: "192.168.121.0/24",
  bhyve: undefined,
};

const comment = (text: string): PfStatement => ({ kind: "comment", text });

/** Ports as pf port items: runs of 3+ consecutive ports become a range (8080:8088). */
export function portItems(ports: readonly number[]): PfPortItem[] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const items: PfPortItem[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) items.push(portRange(sorted[i]!, sorted[j]!));
    else for (let k = i; k <= j; k++) items.push(portEquals(sorted[k]!));
    i = j + 1;
  }
  return items;
}

function interfacesFor(host: ResolvedHost, networks: readonly string[]): PfInterfaceItem[] {
  return networks.filter((n) => host.interfaces.some((i) => i.network === n)).map((n) => pfMacroInterface(interfaceMacro(n)));
}

class Tables {
  readonly statements: PfStatement[] = [];
  private readonly byName = new Map<string, string>();

  /** A table for these addresses, named after the callers' role (<app_hosts>) when it is free. */
  refFor(base: string, network: string, addresses: readonly string[]): PfHostItem {
    const key = addresses.join(",");
    for (const name of [base, `${base}_${network.replace(/-/g, "_")}`]) {
      const existing = this.byName.get(name);
      if (existing === key) return { kind: "table", name, negated: false };
      if (existing === undefined) {
        this.byName.set(name, key);
        this.statements.push({ kind: "table", name, flags: ["const"], entries: addresses.map((a) => pfTableAddress(a)) });
        return { kind: "table", name, negated: false };
      }
    }
    throw new Error(`pf table names ${base} and ${base}_${network} are both taken`);
  }
}

function grantRule(lab: ResolvedLab, host: ResolvedHost, grant: Grant, tables: Tables): PfRule {
  let from: PfHostItem[];
  if (grant.sources === "any") from = [{ kind: "any" }];
  else if (grant.sources.addresses.length === 1) from = [pfAddress(grant.sources.addresses[0]!)];
  else {
    const role = commonRole(lab, grant.sources.hosts);
    from = [tables.refFor(role ? `${role}_hosts` : `${grant.service}_clients`, grant.networks[0] ?? "lab", grant.sources.addresses)];
  }
  return pfRule({
    action: "pass", direction: "in", interfaces: interfacesFor(host, grant.networks), protocols: [...grant.protocols],
    from: { hosts: from }, to: { hosts: [{ kind: "any" }], ports: portItems(grant.ports) }, state: keepState(),
  });
}

/** Services with ports that no grant opens: reached over lo0 only (pf skips lo0). */
function localOnly(host: ResolvedHost, grants: readonly Grant[]): string[] {
  const opened = new Set(grants.map((g) => g.service));
  return host.services.filter((s) => s.ports.length > 0 && !opened.has(s.kind)).map((s) => `${s.kind} ${s.ports.join(",")}`);
}

// Why: every host lists the lab's private networks; one shared (read-only) entry list per lab keeps
// a 1,000-host lab from building and printing the same table a thousand times.
const privateEntriesOf = new WeakMap<ResolvedLab, readonly PfTableEntry[]>();

function labPrivateEntries(lab: ResolvedLab): readonly PfTableEntry[] {
  let entries = privateEntriesOf.get(lab);
  if (entries === undefined) {
    entries = lab.networks.filter((n) => n.kind === "private").map((n) => pfTableAddress(n.cidr));
    privateEntriesOf.set(lab, entries);
  }
  return entries;
}

export function buildPfRuleset(lab: ResolvedLab, host: ResolvedHost, options: GenerateOptions): PfRuleset {
  const tables = new Tables();
  const grants = serviceGrants(lab, host);
  const rules: PfStatement[] = [];
  const grantRules = grants.flatMap((g) => [comment(g.why), grantRule(lab, host, g, tables)]);

  const carpInterfaces = [...new Set(host.carp.map((m) => m.interface))];
  if (carpInterfaces.length > 0) {
    const networks = carpInterfaces.map((name) => host.interfaces.find((i) => i.name === name)?.network ?? "");
    rules.push(
      comment(`CARP advertisements (${host.carp.map((m) => `${m.group} vhid ${m.vhid}`).join(", ")}); not synced by pfsync`),
      pfRule({ action: "pass", interfaces: interfacesFor(host, networks), protocols: ["carp"], state: keepState("no-sync") }),
    );
  }
  const sync = syncInterface(lab, host);
  if (sync && runsService(host, "pfsync")) {
    rules.push(
      comment(`pfsync state updates on the dedicated ${sync.network} link`),
      pfRule({ action: "pass", quick: true, interfaces: [pfMacroInterface(interfaceMacro(sync.network))], protocols: ["pfsync"], state: keepState("no-sync") }),
    );
  }
  rules.push(...grantRules);
  const local = localOnly(host, grants);
  if (local.length > 0) rules.push(comment(`Local only, over lo0 (skipped): ${local.join("; ")}. No rule passes them from outside.`));

  const privateEntries = labPrivateEntries(lab);
  if (privateEntries.length > 0) {
    tables.statements.push({ kind: "table", name: "lab_private", flags: ["const"], entries: privateEntries });
    rules.push(
      comment("ssh from the lab's private networks; flags any: a session open when pf loads (provisioning) keeps working"),
      pfRule({ action: "pass", direction: "in", protocols: ["tcp"], from: { hosts: [{ kind: "table", name: "lab_private", negated: false }] }, to: { hosts: [{ kind: "any" }], ports: [portEquals(22)] }, flags: "any", state: keepState() }),
    );
  }
  const management = MANAGEMENT_CIDR[options.provider];
  if (management) {
    tables.statements.push({ kind: "table", name: "vagrant_mgmt", flags: ["const"], entries: [pfTableAddress(management)] });
    rules.push(
      comment(`ssh for Vagrant itself, from the ${options.provider} NAT/management network (flags any: the provisioning session survives pf loading)`),
      pfRule({ action: "pass", direction: "in", protocols: ["tcp"], from: { hosts: [{ kind: "table", name: "vagrant_mgmt", negated: false }] }, to: { hosts: [{ kind: "any" }], ports: [portEquals(22)] }, flags: "any", state: keepState() }),
    );
  }
  rules.push(
    comment("ICMP echo (ping) from anywhere"),
    pfRule({ action: "pass", direction: "in", af: "inet", protocols: ["icmp"], icmpType: "echoreq", state: keepState() }),
  );

  const macros: PfStatement[] = host.interfaces.map((i) => ({ kind: "macro", name: interfaceMacro(i.network), value: i.name }));
  return {
    statements: [
      ...headerLines(lab, host, "/etc/pf.conf", "default deny; only the ports this host serves, from the hosts that use them").map(comment),
      comment("Interfaces, by the network they are on"),
      ...macros,
      ...(tables.statements.length > 0 ? [comment("Who may reach what"), ...tables.statements] : []),
      comment("Loopback is not filtered: local hops (nginx -> varnish -> haproxy) and the ifstated checks on 127.0.0.1"),
      { kind: "set-skip", interfaces: [{ kind: "interface", name: "lo0", negated: false }] },
      comment("Default deny: everything inbound is blocked and logged (pflog0) unless a later rule passes it"),
      pfRule({ action: "block", direction: "in", log: true }),
      pfRule({ action: "pass", direction: "out", state: keepState() }),
      ...rules,
    ],
  };
}
