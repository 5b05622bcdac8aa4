// ajv's errors as Diagnostics: a JSON pointer, a message in the user's terms and a hint that names
// the fix (the allowed values, the property's description, a did-you-mean). Shared by every JSON
// file the lab checks with a JSON Schema: box templates, scenarios.

import type { ErrorObject, ValidateFunction } from "ajv";
import { article, showValue } from "../lib/json-text.js";
import { choices } from "../lib/suggest.js";
import { type Diagnostic, parsePointer, pointer as ptr } from "../model/diagnostics.js";

type SchemaNode = Record<string, unknown>;

/** The node at a pointer into the root schema: "#/definitions/qemu". */
function schemaAt(root: unknown, schemaPath: string): SchemaNode | undefined {
  let node: unknown = root;
  for (const part of schemaPath.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as SchemaNode)[decodeURIComponent(part.replace(/~1/g, "/").replace(/~0/g, "~"))];
  }
  return node && typeof node === "object" ? (node as SchemaNode) : undefined;
}

/** Follows a local "$ref" ("#/definitions/x") to its node. */
function deref(root: unknown, node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref;
  return typeof ref === "string" ? schemaAt(root, ref) : node;
}

const show = showValue;

function typesText(types: string): string {
  return types.split(",").map((t) => (t === "null" ? "null" : article(t))).join(" or ");
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const part of parsePointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as SchemaNode)[part];
  }
  return node;
}

function unionTypes(root: unknown, union: SchemaNode | undefined): string[] {
  return ((union?.oneOf as SchemaNode[] | undefined) ?? [])
    .map((b) => ((deref(root, b)?.properties as SchemaNode | undefined)?.type as SchemaNode | undefined)?.const)
    .filter((t): t is string => typeof t === "string");
}

export interface AjvDiagnosticOptions {
  /** The schema the validator was compiled from (to follow $refs for descriptions). */
  readonly schema: unknown;
  /** Diagnostic codes are `${codePrefix}-${keyword}`: "box-schema-required". */
  readonly codePrefix: string;
  /** Named in the hint of errors without a better one: "boxes/box.schema.json". */
  readonly schemaFile: string;
  /** Hints for unknown properties people reach for. */
  readonly forbiddenHints?: Readonly<Record<string, string>>;
}

function toDiagnostic(e: ErrorObject, data: unknown, o: AjvDiagnosticOptions): Diagnostic | undefined {
  const at = e.instancePath;
  const value = valueAt(data, at);
  // verbose: true gives the schema object holding the failed keyword; ajv's schemaPath is relative
  // to the $ref'd definition, not to the root.
  const node = e.parentSchema as SchemaNode | undefined;
  const description = typeof node?.description === "string" ? node.description : undefined;
  const error = (pointer: string, message: string, hint: string): Diagnostic => ({
    severity: "error", code: `${o.codePrefix}-${e.keyword}`, pointer, message, hint,
  });
  switch (e.keyword) {
    case "required": {
      const name = (e.params as { missingProperty: string }).missingProperty;
      const property = deref(o.schema, (node?.properties as Record<string, SchemaNode> | undefined)?.[name]);
      const about = typeof property?.description === "string" ? ` (${property.description})` : "";
      return error(at + ptr(name), `missing required property "${name}"`, `add "${name}"${about}`);
    }
    case "additionalProperties": {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((node?.properties as object | undefined) ?? {});
      return error(at + ptr(name), `unknown property "${name}"`, `remove it; ${o.forbiddenHints?.[name] ?? choices(name, allowed)}`);
    }
    case "enum": {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return error(at, `${show(value)} is not an allowed value`, `use one of: ${allowed.join(", ")}`);
    }
    case "const": {
      const wanted = show((e.params as { allowedValue: unknown }).allowedValue);
      return error(at, `${show(value)} is not allowed here`, `use ${wanted}${description ? `: ${description}` : ""}`);
    }
    case "discriminator": {
      const params = e.params as { error: string; tag: string; tagValue: unknown };
      // A missing or non-string "type": the required and type errors at the same place say it.
      if (params.error !== "mapping") return undefined;
      const kind = typeof node?.title === "string" ? node.title : "element";
      const types = unionTypes(o.schema, node);
      return error(at + ptr(params.tag), `unknown ${kind} type ${show(params.tagValue)}`, choices(String(params.tagValue), types));
    }
    case "pattern": {
      const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
      const title = typeof node?.title === "string" ? node.title : "the expected form";
      const hint = description ?? `match the pattern ${(e.params as { pattern: string }).pattern}`;
      if (propertyName !== undefined) return error(at + ptr(propertyName), `${show(propertyName)} is not ${title}`, hint);
      return error(at, `${show(value)} is not ${title}`, hint);
    }
    case "type": {
      const types = typesText((e.params as { type: string }).type);
      return error(at, `${show(value)} must be ${types}`, description ?? `write ${types} here`);
    }
    case "minimum": case "maximum": {
      const { comparison, limit } = e.params as { comparison: string; limit: number };
      return error(at, `${show(value)} is out of range`, `use a value ${comparison} ${limit}`);
    }
    case "minItems": {
      const { limit } = e.params as { limit: number };
      const n = Array.isArray(value) ? value.length : 0;
      return error(at, `has ${n} item${n === 1 ? "" : "s"}; at least ${limit} required`, description ?? `give at least ${limit}`);
    }
    case "minLength":
      return error(at, `${show(value)} is too short`, description ?? `use at least ${(e.params as { limit: number }).limit} characters`);
    case "propertyNames": case "if": case "oneOf": case "anyOf":
      return undefined; // the errors of the property, branch or subschema say more
    default:
      return error(at, e.message ?? "is invalid", `see ${o.schemaFile}`);
  }
}


/** Schema errors, one per place and message, in ajv's order. */
export function ajvDiagnostics(validate: ValidateFunction, data: unknown, options: AjvDiagnosticOptions): Diagnostic[] {
  if (validate(data)) return [];
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of validate.errors ?? []) {
    const d = toDiagnostic(e, data, options);
    if (!d) continue;
    const key = `${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
