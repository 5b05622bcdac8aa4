// Structural check of a lab document against the JSON Schema, with ajv; its raw errors are turned
// into diagnostics a person can act on (the property, the valid choices, the expected form).

import type { ErrorObject, ValidateFunction } from "ajv";
import labSchema from "../../schema/lab.schema.json" with { type: "json" };
import { compileLabValidator } from "./schema-validator.js";
import { type Diagnostic, pointer as ptr } from "./diagnostics.js";
import { article, showValue } from "../lib/json-text.js";
import { choices } from "../lib/suggest.js";

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= compileLabValidator();
  return compiled;
}

const PATTERN_HINTS: readonly [RegExp, string, string][] = [
  [/^\^\[a-z\]\[a-z0-9-\]/, "a name", "use lower-case letters, digits and '-', starting with a letter, at most 31 characters"],
  [/^\^lagg/, "a LAGG name", "use lagg0, lagg1, ..."],
  [/^\^\[a-z\]\{2,8\}\[0-9\]/, "an interface name", "use a FreeBSD interface name such as em0, igb1 or vtnet2"],
  [/\/\[0-9\]\{1,2\}\$$/, "an IPv4 prefix", "write it as a.b.c.d/len, e.g. 10.0.20.0/24"],
  [/^\^\(\\\*\|carp:/, "a bind address", 'use "*", "carp:GROUP" or an IPv4 address'],
  [/^\^\[0-9\]\{1,3\}/, "an IPv4 address", "write it as a.b.c.d, e.g. 10.0.20.11"],
  [/^\^\[0-9a-f\]\{2\}/, "a MAC address", "write six lower-case hex pairs separated by ':', e.g. 02:00:00:00:00:01"],
  [/\(s\|m\|h\|d\|w\)\$$/, "a duration", "write a number and a unit: 30s, 5m, 1h, 1d, 1w"],
  [/^\^\//, "an absolute path", "start with / and use letters, digits, '.', '_', '-' and '/'"],
];

function describePattern(pattern: string): [string, string] {
  for (const [re, what, hint] of PATTERN_HINTS) if (re.test(pattern)) return [what, hint];
  return ["the expected form", `match the pattern ${pattern}`];
}

/** The schema node at an ajv schemaPath such as "#/properties/hosts/items/properties/nics". */
function schemaAt(schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = labSchema;
  for (const part of schemaPath.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[decodeURIComponent(part.replace(/~1/g, "/").replace(/~0/g, "~"))];
  }
  return node && typeof node === "object" ? (node as Record<string, unknown>) : undefined;
}

const show = showValue;

function toDiagnostic(e: ErrorObject, data: unknown): Diagnostic | undefined {
  const at = e.instancePath;
  const value = valueAt(data, at);
  const error = (pointer: string, message: string, hint: string): Diagnostic => ({
    severity: "error", code: `schema-${e.keyword}`, pointer, message, hint,
  });
  switch (e.keyword) {
    case "required": {
      const name = (e.params as { missingProperty: string }).missingProperty;
      const parent = schemaAt(e.schemaPath.replace(/\/required$/, ""));
      const property = (parent?.properties as Record<string, { description?: string }> | undefined)?.[name];
      return error(at + ptr(name), `missing required property "${name}"`,
        `add "${name}"${property?.description ? ` (${property.description})` : ""}`);
    }
    case "additionalProperties": {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const parent = schemaAt(e.schemaPath.replace(/\/additionalProperties$/, ""));
      const allowed = Object.keys((parent?.properties as object | undefined) ?? {});
      return error(at + ptr(name), `unknown property "${name}"`, `remove it; ${choices(name, allowed)}`);
    }
    case "enum": {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return error(at, `${show(value)} is not an allowed value`, `use one of: ${allowed.join(", ")}`);
    }
    case "discriminator": {
      const params = e.params as { error: string; tag: string; tagValue: unknown };
      const kinds = (schemaAt(e.schemaPath.replace(/\/discriminator$/, ""))?.oneOf as { properties: { kind: { const: string } } }[])
        .map((b) => b.properties.kind.const);
      if (params.error === "mapping") {
        return error(at + ptr(params.tag), `unknown service kind ${show(params.tagValue)}`,
          choices(String(params.tagValue), kinds));
      }
      return undefined; // "tag" errors: the required/type errors at the same place already say it
    }
    case "pattern": {
      const [what, hint] = describePattern((e.params as { pattern: string }).pattern);
      return error(at, `${show(value)} is not ${what}`, hint);
    }
    case "type":
      return error(at, `${show(value)} must be ${article((e.params as { type: string }).type)}`,
        `write ${article((e.params as { type: string }).type)} here`);
    case "minimum": case "maximum": case "exclusiveMinimum": case "exclusiveMaximum": {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      return error(at, `${show(value)} is out of range`, `use a value ${comparison} ${limit}`);
    }
    case "minItems": case "maxItems": {
      const { limit } = e.params as { limit: number };
      const n = (value as unknown[]).length;
      return error(at, `has ${n} item${n === 1 ? "" : "s"}; ${e.keyword === "minItems" ? `at least ${limit} required` : `at most ${limit} allowed`}`,
        e.keyword === "minItems" ? `give at least ${limit}` : `give at most ${limit}`);
    }
    case "minLength": case "maxLength": {
      const { limit } = e.params as { limit: number };
      return error(at, `${show(value)} has the wrong length`, `use ${e.keyword === "minLength" ? "at least" : "at most"} ${limit} characters`);
    }
    case "const":
      return error(at, `${show(value)} is not allowed here`, `use ${show((e.params as { allowedValue: unknown }).allowedValue)}`);
    case "oneOf": case "anyOf":
      return undefined; // the branch errors say more
    default:
      return error(at, e.message ?? "is invalid", "see schema/lab.schema.json");
  }
}

export function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  if (pointer === "") return node;
  for (const part of pointer.slice(1).split("/")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/** Schema errors of a lab document, one per place and rule, in document order. */
export function checkSchema(data: unknown): Diagnostic[] {
  const validate = validator();
  if (validate(data)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    const d = toDiagnostic(e, data);
    if (!d) continue;
    const key = `${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
