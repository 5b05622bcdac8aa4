// JSON files read with positions (jsonc-parser, strict: no comments, no trailing commas), so that a
// finding at a JSON pointer can be reported as file:line:column. Shared by lab.json and box templates.

import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";

export type ParsedJson =
  | { readonly ok: true; readonly value: unknown; readonly tree: Node }
  | { readonly ok: false; readonly position: string; readonly message: string };

/** "line:column" (1-based) of an offset in text. */
export function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return `${line}:${offset - last}`;
}

export function parseJsonText(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length || !tree) {
    const first = errors[0];
    return { ok: false, position: first ? lineCol(text, first.offset) : "1:1", message: first ? printParseErrorCode(first.error) : "empty file" };
  }
  return { ok: true, value: getNodeValue(tree), tree };
}

/** line:column of the node at a pointer, else of its deepest existing ancestor (a missing property points at its object). */
export function locatePointer(tree: Node, text: string, segments: readonly string[]): string {
  const path = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = path.length; n >= 0; n--) {
    const found = findNodeAtLocation(tree, path.slice(0, n));
    if (found) {
      const at = found.parent?.type === "property" && found.parent.children?.[1] === found ? found.parent : found;
      return lineCol(text, at.offset);
    }
  }
  return "1:1";
}

/** A value for a message: short, and never throwing (BigInt, cycles, NaN and Infinity shown as they are). */
export function showValue(value: unknown): string {
  let text: string | undefined;
  if (typeof value === "number" && !Number.isFinite(value)) text = String(value);
  else if (typeof value === "bigint") text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = Array.isArray(value) ? "[...]" : "{...}";
    }
  }
  if (text === undefined) text = String(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

export function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
