// The AST of the pf.conf subset the lab writes (macros, tables, `set`, pass/block rules), built for
// evaluation: every rule keeps its action, direction, quick, interfaces, protocols, addresses and
// ports; macros and tables stay as references that `resolvePf` (evaluate.ts) expands. Comment lines
// are statements so that generated files round-trip with their explanations.

/** A problem in the input text, 1-based. Parsers return these; they never throw on bad input. */
export interface ParseError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ParseError[] };

export interface PfRuleset {
  readonly statements: readonly PfStatement[];
}

export type PfStatement = PfComment | PfMacro | PfTable | PfSetSkip | PfSetOption | PfRule;

/** A whole-line comment (`# text`); trailing comments after a statement are not kept. */
export interface PfComment {
  readonly kind: "comment";
  readonly text: string;
}

/** `name = "value"`: pf pastes the value as text wherever `$name` appears. */
export interface PfMacro {
  readonly kind: "macro";
  readonly name: string;
  readonly value: string;
}

export type PfTableFlag = "const" | "persist" | "counters";

export type PfTableEntry =
  | { readonly kind: "address"; readonly address: string; readonly prefixLength?: number; readonly negated: boolean }
  | { readonly kind: "macro"; readonly name: string; readonly negated: boolean };

/** `table <name> const { 10.0.20.21, 10.0.20.22 }` */
export interface PfTable {
  readonly kind: "table";
  readonly name: string;
  readonly flags: readonly PfTableFlag[];
  readonly entries: readonly PfTableEntry[];
}

/** `set skip on lo0`: pf does not filter these interfaces at all. */
export interface PfSetSkip {
  readonly kind: "set-skip";
  readonly interfaces: readonly PfInterfaceItem[];
}

/** Any other `set NAME VALUE...` option, kept as text (block-policy, optimization, loginterface...). */
export interface PfSetOption {
  readonly kind: "set";
  readonly name: string;
  readonly value: string;
}

export type PfInterfaceItem = {
  readonly kind: "interface" | "macro";
  readonly name: string;
  readonly negated: boolean;
};

export type PfHostItem =
  | { readonly kind: "any" }
  | { readonly kind: "address"; readonly address: string; readonly prefixLength?: number; readonly negated: boolean }
  | { readonly kind: "table"; readonly name: string; readonly negated: boolean }
  | { readonly kind: "macro"; readonly name: string; readonly negated: boolean }
  /** `(lagg1)`: the addresses the interface has when the packet is seen. */
  | { readonly kind: "interface-address"; readonly interface: string; readonly macro: boolean; readonly negated: boolean }
  | { readonly kind: "self"; readonly negated: boolean };

/** A port number or a service name (`ssh`). */
export type PfPort = number | string;

export type PfUnaryPortOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
/** `a:b` inclusive range, `a><b` strictly between, `a<>b` outside. */
export type PfRangePortOp = ":" | "><" | "<>";

export type PfPortItem =
  | { readonly kind: "unary"; readonly op: PfUnaryPortOp; readonly port: PfPort }
  | { readonly kind: "range"; readonly op: PfRangePortOp; readonly from: PfPort; readonly to: PfPort }
  | { readonly kind: "macro"; readonly name: string };

export interface PfEndpoint {
  /** One item or more; `[{ kind: "any" }]` for any. */
  readonly hosts: readonly PfHostItem[];
  readonly ports?: readonly PfPortItem[];
}

export interface PfState {
  readonly kind: "keep" | "modulate" | "synproxy" | "no";
  /** Words inside `keep state (...)`, e.g. "no-sync", "max 100". */
  readonly options: readonly string[];
}

export interface PfRule {
  readonly kind: "rule";
  readonly action: "pass" | "block";
  readonly blockPolicy?: "drop" | "return";
  /** Absent: both directions. */
  readonly direction?: "in" | "out";
  readonly log: boolean;
  readonly quick: boolean;
  /** Absent: every interface. */
  readonly interfaces?: readonly PfInterfaceItem[];
  readonly af?: "inet" | "inet6";
  /** Absent: every protocol. Names (tcp, udp, icmp, carp, pfsync) or numbers as text. */
  readonly protocols?: readonly string[];
  readonly from: PfEndpoint;
  readonly to: PfEndpoint;
  readonly flags?: string;
  readonly icmpType?: string;
  readonly state?: PfState;
  readonly label?: string;
}

export const ANY: PfEndpoint = { hosts: [{ kind: "any" }] };

/** Optional rule fields a builder may pass; undefined ones are left out so built and parsed ASTs are equal. */
export type PfRuleInput = Omit<Partial<PfRule>, "kind" | "action"> & { readonly action: PfRule["action"] };

/** Builds a rule with the defaults the parser produces (no log, not quick, from any to any). */
export function pfRule(input: PfRuleInput): PfRule {
  const rule: Record<string, unknown> = { kind: "rule", action: input.action };
  const order: (keyof PfRuleInput)[] = [
    "blockPolicy", "direction", "log", "quick", "interfaces", "af", "protocols", "from", "to", "flags", "icmpType", "state", "label",
  ];
  for (const key of order) if (input[key] !== undefined) rule[key] = input[key];
  rule.log ??= false;
  rule.quick ??= false;
  rule.from ??= ANY;
  rule.to ??= ANY;
  return rule as unknown as PfRule;
}

export function pfInterface(name: string, negated = false): PfInterfaceItem {
  return { kind: "interface", name, negated };
}

export function pfMacroInterface(name: string, negated = false): PfInterfaceItem {
  return { kind: "macro", name, negated };
}

/** `keep state` with options such as "no-sync". */
export function keepState(...options: string[]): PfState {
  return { kind: "keep", options };
}

export function portEquals(port: PfPort): PfPortItem {
  return { kind: "unary", op: "=", port };
}

export function portRange(from: PfPort, to: PfPort): PfPortItem {
  return { kind: "range", op: ":", from, to };
}

/** An address or CIDR as a host item ("10.0.20.21", "10.0.20.0/24"). */
export function pfAddress(text: string, negated = false): PfHostItem & { kind: "address" } {
  const slash = text.indexOf("/");
  return slash < 0
    ? { kind: "address", address: text, negated }
    : { kind: "address", address: text.slice(0, slash), prefixLength: Number(text.slice(slash + 1)), negated };
}

export function pfTableRef(name: string, negated = false): PfHostItem {
  return { kind: "table", name, negated };
}

/** Table entry for an address or CIDR. */
export function pfTableAddress(text: string, negated = false): PfTableEntry {
  return pfAddress(text, negated);
}

export function isRule(statement: PfStatement): statement is PfRule {
  return statement.kind === "rule";
}
