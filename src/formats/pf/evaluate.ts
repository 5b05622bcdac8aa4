// Decides pass/block for one packet the way pf does: rules in order, the last matching rule wins,
// a matching `quick` rule stops the walk, no match passes, `set skip` interfaces are not filtered.
// Macros and tables are resolved first (resolvePf). The packet is the first of a connection: state
// tracking, `flags` and return traffic are the simulator's business, not this function's.

import { contains, parseIpv4 } from "../../lib/ipv4.js";
import type { PfEndpoint, PfHostItem, PfInterfaceItem, PfPort, PfPortItem, PfRule, PfRuleset, PfTableEntry } from "./ast.js";
import { icmpTypeNumber, parsePfMacroValue, protocolNumber, serviceNumber } from "./parse.js";

export interface PfPacket {
  readonly direction: "in" | "out";
  readonly interface: string;
  /** tcp, udp, icmp, carp, pfsync or an IP protocol number. */
  readonly proto: string | number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** ICMP type (echoreq or 8). */
  readonly icmpType?: string | number;
}

/** What `self` and `(interface)` mean on the host evaluating the packet. */
export interface PfHostContext {
  readonly interfaceAddresses?: Readonly<Record<string, readonly string[]>>;
}

export interface PfVerdict {
  readonly action: "pass" | "block";
  /** The deciding rule; absent when no rule matched (pf passes) or the interface is skipped. */
  readonly rule?: PfRule;
  /** Index of the deciding rule in ruleset.statements. */
  readonly index?: number;
  readonly quick: boolean;
  readonly log: boolean;
  readonly skipped: boolean;
}

interface Cidr {
  readonly base: number;
  readonly prefixLength: number;
  readonly negated: boolean;
}

type ResolvedHost =
  | { readonly kind: "any" }
  | { readonly kind: "cidr"; readonly cidr: Cidr }
  | { readonly kind: "table"; readonly name: string; readonly entries: readonly Cidr[]; readonly negated: boolean }
  | { readonly kind: "self"; readonly negated: boolean }
  | { readonly kind: "interface-address"; readonly interface: string; readonly negated: boolean };

interface ResolvedEndpoint {
  readonly hosts: readonly ResolvedHost[];
  readonly ports?: readonly { readonly op: string; readonly a: number; readonly b: number }[];
}

export interface ResolvedPfRule {
  readonly index: number;
  readonly rule: PfRule;
  readonly interfaces?: readonly { readonly name: string; readonly negated: boolean }[];
  readonly protocols?: readonly number[];
  readonly from: ResolvedEndpoint;
  readonly to: ResolvedEndpoint;
  readonly icmpType?: number;
}

export interface ResolvedPfRuleset {
  readonly skip: readonly string[];
  readonly rules: readonly ResolvedPfRule[];
  /** Table contents after macro expansion, by name. */
  readonly tables: ReadonlyMap<string, readonly Cidr[]>;
}

/** parseIpv4 without a regular expression for the common case; anything unusual takes parseIpv4. */
function ipv4Value(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  let result = 0;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (text.charCodeAt(i) !== 46) return parseIpv4(text);
      i++;
    }
    const start = i;
    let value = 0;
    while (i < n && i - start < 3) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || value > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return parseIpv4(text);
    result = result * 256 + value;
  }
  return i === n ? result : parseIpv4(text);
}

function toCidr(address: string, prefixLength: number | undefined, negated: boolean): Cidr {
  const base = ipv4Value(address);
  if (base === undefined) throw new Error(`invalid address ${address}`);
  return { base, prefixLength: prefixLength ?? 32, negated };
}

// Why: the parser shares one entry list between files that repeat a table (a large lab's private
// networks on every host); a list without macros resolves the same every time, so it is resolved once.
const plainTables = new WeakMap<readonly PfTableEntry[], readonly Cidr[]>();

function plainTableCidrs(entries: readonly PfTableEntry[]): readonly Cidr[] | undefined {
  let cidrs = plainTables.get(entries);
  if (cidrs === undefined) {
    const out: Cidr[] = [];
    for (const e of entries) {
      if (e.kind === "macro") return undefined;
      out.push(toCidr(e.address, e.prefixLength, e.negated));
    }
    cidrs = out;
    plainTables.set(entries, cidrs);
  }
  return cidrs;
}

/** Expands macros and tables; throws on an AST the parser would have rejected (undefined macro). */
export function resolvePf(ruleset: PfRuleset): ResolvedPfRuleset {
  const macros = new Map<string, string>();
  const tables = new Map<string, readonly Cidr[]>();
  const skip: string[] = [];
  const rules: ResolvedPfRule[] = [];
  const macro = (name: string): string => {
    const v = macros.get(name);
    if (v === undefined) throw new Error(`macro '${name}' is not defined`);
    return v;
  };
  const interfaces = (items: readonly PfInterfaceItem[]): { name: string; negated: boolean }[] =>
    items.flatMap((i) => (i.kind === "macro" ? interfaces(parsePfMacroValue(macro(i.name), "interfaces")).map((x) => ({ ...x, negated: x.negated !== i.negated })) : [{ name: i.name, negated: i.negated }]));
  const tableEntries = (entries: readonly PfTableEntry[], out: Cidr[] = []): Cidr[] => {
    for (const e of entries) {
      if (e.kind === "macro") tableEntries(parsePfMacroValue(macro(e.name), "table-entries"), out);
      else out.push(toCidr(e.address, e.prefixLength, e.negated));
    }
    return out;
  };
  const hosts = (items: readonly PfHostItem[]): ResolvedHost[] =>
    items.flatMap((h): ResolvedHost[] => {
      switch (h.kind) {
        case "any": return [{ kind: "any" }];
        case "address": return [{ kind: "cidr", cidr: toCidr(h.address, h.prefixLength, h.negated) }];
        case "table": return [{ kind: "table", name: h.name, entries: tables.get(h.name) ?? [], negated: h.negated }];
        case "self": return [{ kind: "self", negated: h.negated }];
        case "macro": return hosts(parsePfMacroValue(macro(h.name), "hosts")).map((x) => negate(x, h.negated));
        case "interface-address": {
          const names = h.macro ? interfaces(parsePfMacroValue(macro(h.interface), "interfaces")).map((i) => i.name) : [h.interface];
          return names.map((name) => ({ kind: "interface-address", interface: name, negated: h.negated }));
        }
      }
    });
  const ports = (items: readonly PfPortItem[]): { op: string; a: number; b: number }[] =>
    items.flatMap((p) => {
      if (p.kind === "macro") return ports(parsePfMacroValue(macro(p.name), "ports"));
      if (p.kind === "unary") return [{ op: p.op, a: portNumber(p.port), b: 0 }];
      return [{ op: p.op, a: portNumber(p.from), b: portNumber(p.to) }];
    });
  const endpoint = (e: PfEndpoint): ResolvedEndpoint => (e.ports ? { hosts: hosts(e.hosts), ports: ports(e.ports) } : { hosts: hosts(e.hosts) });
  ruleset.statements.forEach((s, index) => {
    switch (s.kind) {
      case "macro": macros.set(s.name, s.value); break;
      case "table": tables.set(s.name, plainTableCidrs(s.entries) ?? tableEntries(s.entries)); break;
      case "set-skip": skip.push(...interfaces(s.interfaces).map((i) => i.name)); break;
      case "rule": {
        const r: ResolvedPfRule = {
          index, rule: s, from: endpoint(s.from), to: endpoint(s.to),
          ...(s.interfaces ? { interfaces: interfaces(s.interfaces) } : {}),
          ...(s.protocols ? { protocols: s.protocols.map((p) => protocolNumber(p) ?? -1) } : {}),
          ...(s.icmpType !== undefined ? { icmpType: icmpTypeNumber(s.icmpType) ?? -1 } : {}),
        };
        rules.push(r);
        break;
      }
      default: break;
    }
  });
  return { skip, rules, tables };
}

function negate(host: ResolvedHost, negated: boolean): ResolvedHost {
  if (!negated || host.kind === "any") return host;
  if (host.kind === "cidr") return { kind: "cidr", cidr: { ...host.cidr, negated: !host.cidr.negated } };
  return { ...host, negated: !host.negated };
}

function portNumber(port: PfPort): number {
  const n = serviceNumber(port);
  if (n === undefined) throw new Error(`unknown port ${port}`);
  return n;
}

/** pf interface names match the interface, or every interface of a driver group ("lagg" matches lagg1). */
function interfaceMatches(ruleName: string, packetInterface: string): boolean {
  return ruleName === packetInterface || (!/\d/.test(ruleName) && packetInterface.replace(/\d+$/, "") === ruleName);
}

function inCidr(cidr: Cidr, address: number): boolean {
  return contains({ base: cidr.base, prefixLength: cidr.prefixLength }, address);
}

/** Table lookup: the most specific matching entry decides; a negated entry excludes. */
function inTable(entries: readonly Cidr[], address: number): boolean {
  let best: Cidr | undefined;
  for (const e of entries) if (inCidr(e, address) && (!best || e.prefixLength > best.prefixLength)) best = e;
  return !!best && !best.negated;
}

function hostMatches(host: ResolvedHost, address: number, context: PfHostContext): boolean {
  const addressesOf = (names: readonly string[]) =>
    names.flatMap((n) => context.interfaceAddresses?.[n] ?? []).map((a) => parseIpv4(a)).filter((a) => a !== undefined);
  switch (host.kind) {
    case "any": return true;
    case "cidr": return inCidr(host.cidr, address) !== host.cidr.negated;
    case "table": return inTable(host.entries, address) !== host.negated;
    case "self": return addressesOf(Object.keys(context.interfaceAddresses ?? {})).includes(address) !== host.negated;
    case "interface-address": {
      const names = Object.keys(context.interfaceAddresses ?? {}).filter((n) => interfaceMatches(host.interface, n));
      return addressesOf(names).includes(address) !== host.negated;
    }
  }
}

function portMatches(p: { op: string; a: number; b: number }, port: number): boolean {
  switch (p.op) {
    case "=": return port === p.a;
    case "!=": return port !== p.a;
    case "<": return port < p.a;
    case "<=": return port <= p.a;
    case ">": return port > p.a;
    case ">=": return port >= p.a;
    case ":": return port >= p.a && port <= p.b;
    case "><": return port > p.a && port < p.b;
    case "<>": return port < p.a || port > p.b;
    default: return false;
  }
}

function endpointMatches(e: ResolvedEndpoint, address: string, port: number | undefined, context: PfHostContext): boolean {
  const a = parseIpv4(address);
  if (a === undefined) return false;
  if (!e.hosts.some((h) => hostMatches(h, a, context))) return false;
  if (!e.ports) return true;
  return port !== undefined && e.ports.some((p) => portMatches(p, port));
}

function ruleMatches(r: ResolvedPfRule, packet: PfPacket, context: PfHostContext): boolean {
  const rule = r.rule;
  if (rule.direction && rule.direction !== packet.direction) return false;
  if (rule.af === "inet6") return false;
  if (r.interfaces && !r.interfaces.some((i) => interfaceMatches(i.name, packet.interface) !== i.negated)) return false;
  const proto = protocolNumber(packet.proto);
  if (r.protocols && (proto === undefined || !r.protocols.includes(proto))) return false;
  if (r.icmpType !== undefined) {
    const t = packet.icmpType === undefined ? undefined : typeof packet.icmpType === "number" ? packet.icmpType : icmpTypeNumber(packet.icmpType);
    if (t !== r.icmpType) return false;
  }
  return endpointMatches(r.from, packet.src, packet.srcPort, context) && endpointMatches(r.to, packet.dst, packet.dstPort, context);
}

const resolvedCache = new WeakMap<PfRuleset, ResolvedPfRuleset>();

/** pf's verdict for the first packet of a connection. Accepts a ruleset AST or its resolution. */
export function evaluatePf(ruleset: PfRuleset | ResolvedPfRuleset, packet: PfPacket, context: PfHostContext = {}): PfVerdict {
  let resolved: ResolvedPfRuleset;
  if ("statements" in ruleset) {
    resolved = resolvedCache.get(ruleset) ?? resolvePf(ruleset);
    resolvedCache.set(ruleset, resolved);
  } else resolved = ruleset;
  if (resolved.skip.some((s) => interfaceMatches(s, packet.interface))) return { action: "pass", quick: false, log: false, skipped: true };
  let decided: ResolvedPfRule | undefined;
  for (const r of resolved.rules) {
    if (!ruleMatches(r, packet, context)) continue;
    decided = r;
    if (r.rule.quick) break;
  }
  if (!decided) return { action: "pass", quick: false, log: false, skipped: false };
  return { action: decided.rule.action, rule: decided.rule, index: decided.index, quick: decided.rule.quick, log: decided.rule.log, skipped: false };
}
