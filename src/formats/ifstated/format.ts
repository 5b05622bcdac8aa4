// Prints an ifstated AST as ifstated.conf text that parseIfstated() reads back to the same AST:
// tab-indented blocks, every action on its own line (ifstated's grammar needs it), parentheses
// wherever ifstated's equal-precedence, left-to-right && / || would otherwise regroup the tree.

import { commentText } from "../../lib/shell.js";
import type { IfstatedAction, IfstatedConfig, IfstatedEntry, IfstatedExpr } from "./ast.js";
import { IFSTATED_KEYWORDS } from "./parse.js";

/** A quoted ifstated string: ' when the text holds " only, else "; the quote is escaped inside. */
export function ifstatedQuote(value: string): string {
  if (/[\n\r]/.test(value) || value.endsWith("\\")) throw new Error(`ifstated string cannot hold ${JSON.stringify(value)}`);
  const quote = value.includes('"') && !value.includes("'") ? "'" : '"';
  return `${quote}${value.split(quote).join(`\\${quote}`)}${quote}`;
}

/** A name (state, interface, macro) bare when ifstated reads it back as the same STRING. */
function name(value: string): string {
  const bare = /^[A-Za-z0-9_:][A-Za-z0-9_:\-/@+%^~]*$/.test(value) && !IFSTATED_KEYWORDS.has(value) && !/^\d+$/.test(value);
  return bare ? value : ifstatedQuote(value);
}

function isBinary(e: IfstatedExpr): e is IfstatedExpr & { kind: "and" | "or" } {
  return e.kind === "and" || e.kind === "or";
}

export function formatIfstatedExpr(e: IfstatedExpr): string {
  switch (e.kind) {
    case "link": return `${name(e.interface)}.link.${e.state}`;
    case "external": return `${ifstatedQuote(e.command)} every ${e.everyS}`;
    case "macro": return `$${e.name}`;
    case "not": return isBinary(e.operand) ? `! (${formatIfstatedExpr(e.operand)})` : `! ${formatIfstatedExpr(e.operand)}`;
    case "and": case "or": {
      const op = e.kind === "and" ? "&&" : "||";
      // Left-associative at equal precedence: a left child of the same operator needs no parentheses.
      const left = isBinary(e.left) && e.left.kind !== e.kind ? `(${formatIfstatedExpr(e.left)})` : formatIfstatedExpr(e.left);
      const right = isBinary(e.right) ? `(${formatIfstatedExpr(e.right)})` : formatIfstatedExpr(e.right);
      return `${left} ${op} ${right}`;
    }
  }
}

function formatAction(action: IfstatedAction, indent: string): string[] {
  switch (action.kind) {
    case "run": return [`${indent}run ${ifstatedQuote(action.command)}`];
    case "set-state": return [`${indent}set-state ${name(action.state)}`];
    case "if": return [`${indent}if ${formatIfstatedExpr(action.condition)} {`, ...action.actions.flatMap((a) => formatAction(a, indent + "\t")), `${indent}}`];
  }
}

function formatEntry(entry: IfstatedEntry): string[] {
  switch (entry.kind) {
    case "comment": {
      const text = commentText(entry.text);
      return [text ? `# ${text}` : "#"];
    }
    case "macro": return [`${entry.name} = ${ifstatedQuote(entry.value)}`];
    case "init-state": return [`init-state ${name(entry.state)}`];
    case "action": return formatAction(entry.action, "");
    case "state": {
      const init = entry.init.length > 0 ? ["\tinit {", ...entry.init.flatMap((a) => formatAction(a, "\t\t")), "\t}"] : [];
      return [`state ${name(entry.name)} {`, ...init, ...entry.body.flatMap((a) => formatAction(a, "\t")), "}"];
    }
  }
}

/** ifstated.conf text for a config, ending with a newline. */
export function formatIfstated(config: IfstatedConfig): string {
  const lines: string[] = [];
  config.entries.forEach((entry, i) => {
    const previous = config.entries[i - 1];
    // A blank line before each state or comment block; a comment stays glued to what it explains.
    const blank = previous && previous.kind !== "comment" && (entry.kind === "state" || entry.kind === "comment");
    if (blank) lines.push("");
    lines.push(...formatEntry(entry));
  });
  return lines.join("\n") + "\n";
}
