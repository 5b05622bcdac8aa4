// Prints a pf ruleset AST as pf.conf text that parsePf() reads back to the same AST: one statement
// per line, a blank line before each comment block, lists in braces only when they hold 2+ items.

import { commentText } from "../../lib/shell.js";
import type { PfEndpoint, PfHostItem, PfInterfaceItem, PfPortItem, PfRule, PfRuleset, PfState, PfStatement, PfTableEntry } from "./ast.js";

/** Double-quoted pf string; a newline cannot be represented (pf strings are one line). */
export function pfQuote(value: string): string {
  if (/[\n\r]/.test(value) || value.endsWith("\\")) throw new Error(`pf string cannot hold ${JSON.stringify(value)}`);
  return `"${value.replace(/"/g, '\\"')}"`;
}

function list(items: readonly string[], separator = ", "): string {
  return items.length === 1 ? items[0]! : `{ ${items.join(separator)} }`;
}

function not(negated: boolean): string {
  return negated ? "! " : "";
}

export function formatInterfaceItem(item: PfInterfaceItem): string {
  return `${not(item.negated)}${item.kind === "macro" ? "$" : ""}${item.name}`;
}

function formatAddress(address: string, prefixLength: number | undefined): string {
  return prefixLength === undefined ? address : `${address}/${prefixLength}`;
}

export function formatHostItem(item: PfHostItem): string {
  switch (item.kind) {
    case "any": return "any";
    case "self": return `${not(item.negated)}self`;
    case "address": return `${not(item.negated)}${formatAddress(item.address, item.prefixLength)}`;
    case "table": return `${not(item.negated)}<${item.name}>`;
    case "macro": return `${not(item.negated)}$${item.name}`;
    case "interface-address": return `${not(item.negated)}(${item.macro ? "$" : ""}${item.interface})`;
  }
}

export function formatPortItem(item: PfPortItem): string {
  switch (item.kind) {
    case "macro": return `$${item.name}`;
    case "unary": return item.op === "=" ? `${item.port}` : `${item.op} ${item.port}`;
    case "range": return item.op === ":" ? `${item.from}:${item.to}` : `${item.from} ${item.op} ${item.to}`;
  }
}

function formatEndpoint(endpoint: PfEndpoint): string {
  const hosts = list(endpoint.hosts.map(formatHostItem));
  return endpoint.ports ? `${hosts} port ${list(endpoint.ports.map(formatPortItem))}` : hosts;
}

function isAny(endpoint: PfEndpoint): boolean {
  return !endpoint.ports && endpoint.hosts.length === 1 && endpoint.hosts[0]!.kind === "any";
}

function formatState(state: PfState): string {
  const words = `${state.kind} state`;
  return state.options.length > 0 ? `${words} (${state.options.join(", ")})` : words;
}

export function formatRule(rule: PfRule): string {
  const parts: string[] = [rule.action];
  if (rule.blockPolicy) parts.push(rule.blockPolicy);
  if (rule.direction) parts.push(rule.direction);
  if (rule.log) parts.push("log");
  if (rule.quick) parts.push("quick");
  if (rule.interfaces) parts.push("on", list(rule.interfaces.map(formatInterfaceItem), " "));
  if (rule.af) parts.push(rule.af);
  if (rule.protocols) parts.push("proto", list(rule.protocols));
  // `all` reads well only right after the action words; pf reads a missing from/to as any.
  if (isAny(rule.from) && isAny(rule.to)) {
    if (!rule.interfaces && !rule.protocols) parts.push("all");
  }
  else parts.push("from", formatEndpoint(rule.from), "to", formatEndpoint(rule.to));
  if (rule.flags) parts.push("flags", rule.flags);
  if (rule.icmpType) parts.push("icmp-type", rule.icmpType);
  if (rule.state) parts.push(formatState(rule.state));
  if (rule.label !== undefined) parts.push("label", pfQuote(rule.label));
  return parts.join(" ");
}

function formatTableEntry(entry: PfTableEntry): string {
  return entry.kind === "macro" ? `${not(entry.negated)}$${entry.name}` : `${not(entry.negated)}${formatAddress(entry.address, entry.prefixLength)}`;
}

// Why: a large lab's hosts share one table (every private network); its text is built once per list.
const entriesText = new WeakMap<readonly PfTableEntry[], string>();

function formatTableEntries(entries: readonly PfTableEntry[]): string {
  let text = entriesText.get(entries);
  if (text === undefined) {
    text = entries.map(formatTableEntry).join(", ");
    entriesText.set(entries, text);
  }
  return text;
}

export function formatStatement(statement: PfStatement): string {
  switch (statement.kind) {
    case "comment": {
      const text = commentText(statement.text);
      return text ? `# ${text}` : "#";
    }
    case "macro": return `${statement.name} = ${pfQuote(statement.value)}`;
    case "table": {
      const flags = statement.flags.map((f) => ` ${f}`).join("");
      return `table <${statement.name}>${flags} { ${formatTableEntries(statement.entries)}${statement.entries.length ? " " : ""}}`;
    }
    case "set-skip": return `set skip on ${list(statement.interfaces.map(formatInterfaceItem), " ")}`;
    case "set": return `set ${statement.name} ${statement.value}`;
    case "rule": return formatRule(statement);
  }
}

/** pf.conf text for a ruleset, ending with a newline. */
export function formatPf(ruleset: PfRuleset): string {
  const lines: string[] = [];
  ruleset.statements.forEach((statement, i) => {
    const previous = ruleset.statements[i - 1];
    if (previous && statement.kind === "comment" && previous.kind !== "comment") lines.push("");
    lines.push(formatStatement(statement));
  });
  return lines.join("\n") + "\n";
}
