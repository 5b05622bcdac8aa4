// `lab box validate`: checks a Packer box template (boxes/*.json) before Packer runs. Three passes:
// strict JSON (jsonc-parser, for positions), the box schema (boxes/box.schema.json with ajv) and the
// {{...}} template expressions (each {{user `x`}} names a declared variable). Every finding is a
// Diagnostic with a JSON pointer, message, hint and its file:line:column, in the style of the lab
// schema check (src/model/check-schema.ts).

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve as resolvePath } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import boxSchema from "../../boxes/box.schema.json" with { type: "json" };
import { locatePointer, parseJsonText, showValue } from "../lib/json-text.js";
import { ajvDiagnostics } from "./ajv-diagnostics.js";
import { choices } from "../lib/suggest.js";
import { type Diagnostic, parsePointer, pointer as ptr } from "../model/diagnostics.js";
import { EXIT, LabError } from "./errors.js";

export const BOX_DIR = "boxes";
export const BOX_SCHEMA_FILE = "box.schema.json";

export interface BoxCheck {
  /** The file as the user named it, for messages. */
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed template when it is JSON. */
  readonly document?: unknown;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true, verbose: true }).compile(boxSchema);
  return compiled;
}

type SchemaNode = Record<string, unknown>;
const show = showValue;

/** Hints for properties people reach for that the lab's boxes must not have. */
const FORBIDDEN_HINTS: Readonly<Record<string, string>> = {
  ssh_password: "the box is built and used with a key, never a password: use \"ssh_private_key_file\": \"{{user `ssh_private_key_file`}}\"",
  iso_checksum_type: "packer 1.6 takes the type inside iso_checksum: write sha256:HEX or file:URL there",
  iso_checksum_url: "packer 1.6 takes the checksum file inside iso_checksum: write file:URL there",
};

/** Schema errors, one per place and message, in ajv's order. */
export function checkBoxSchema(data: unknown): Diagnostic[] {
  return ajvDiagnostics(validator(), data, { schema: boxSchema, codePrefix: "box-schema", schemaFile: `${BOX_DIR}/${BOX_SCHEMA_FILE}`, forbiddenHints: FORBIDDEN_HINTS });
}

// Packer template expressions the lab's boxes use; anything else is most likely a typo.
const DOT_FIELDS = ["HTTPIP", "HTTPPort", "Name", "Provider", "Path", "Vars", "OutputDir", "ArtifactId", "BuildName"];
const FUNCTIONS = ["build_name", "build_type"];

function stringsOf(value: unknown, at: string, out: [string, string][]): [string, string][] {
  if (typeof value === "string") out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => stringsOf(v, at + ptr(i), out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) stringsOf(v, at + ptr(k), out);
  return out;
}

/** {{user `x`}} must name a declared variable; other {{...}} must be known; unused variables warn. */
export function checkBoxReferences(data: unknown): Diagnostic[] {
  if (!data || typeof data !== "object" || Array.isArray(data)) return [];
  const variables = (data as SchemaNode).variables;
  const declared = variables && typeof variables === "object" && !Array.isArray(variables) ? Object.keys(variables) : [];
  const used = new Set<string>();
  const out: Diagnostic[] = [];
  for (const [at, text] of stringsOf(data, "", [])) {
    if (/\{\{/.test(text.replace(/\{\{.*?\}\}/g, ""))) {
      out.push({ severity: "error", code: "box-template-syntax", pointer: at, message: `unclosed "{{" in ${show(text)}`, hint: 'close every "{{" with "}}"' });
    }
    for (const m of text.matchAll(/\{\{(.*?)\}\}/g)) {
      const expr = m[1]!.trim();
      const user = /^user\s+`([^`]*)`$/.exec(expr);
      if (user) {
        const name = user[1]!;
        used.add(name);
        if (!declared.includes(name)) {
          out.push({ severity: "error", code: "box-undeclared-variable", pointer: at, message: `{{user \`${name}\`}} names no variable`,
            hint: `declare "${name}" in "variables"; ${choices(name, declared)}` });
        }
        continue;
      }
      const field = /^\.([A-Za-z]+)$/.exec(expr)?.[1];
      const inVariables = at.startsWith("/variables/");
      if ((field && DOT_FIELDS.includes(field)) || FUNCTIONS.includes(expr) || (inVariables && /^env\s+`[A-Za-z_][A-Za-z0-9_]*`$/.test(expr))) continue;
      out.push({ severity: "error", code: "box-template-expression", pointer: at, message: `unknown template expression {{${m[1]}}}`,
        hint: `use {{user \`name\`}}, {{ .${DOT_FIELDS.join(" }}, {{ .")} }} or {{${FUNCTIONS.join("}}, {{")}}}` });
    }
  }
  for (const name of declared) {
    if (!used.has(name)) {
      out.push({ severity: "warning", code: "box-unused-variable", pointer: ptr("variables", name), message: `variable "${name}" is never used`,
        hint: `remove it, or use it as {{user \`${name}\`}}` });
    }
  }
  return out;
}

/** Checks the text of a box template; `display` names it in messages. */
export function checkBoxText(text: string, display: string): BoxCheck {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const diagnostic: Diagnostic = {
      severity: "error", code: "box-json-syntax", pointer: "",
      message: `invalid JSON: ${parsed.message}`,
      hint: "fix the JSON syntax at that position (strict JSON: no comments, no trailing commas)",
      origin: `${display}:${parsed.position}`,
    };
    return { file: display, valid: false, diagnostics: [diagnostic] };
  }
  const document = parsed.value;
  const schema = checkBoxSchema(document);
  // References are only meaningful in a template of the right shape.
  const found = schema.length ? [] : checkBoxReferences(document);
  const diagnostics = [...schema, ...found].map((d) => ({ ...d, origin: `${display}:${locatePointer(parsed.tree, text, parsePointer(d.pointer))}` }));
  return { file: display, valid: !diagnostics.some((d) => d.severity === "error"), diagnostics, document };
}

/** Checks a box template file; a missing file is a LabError (exit 4). */
export function checkBoxFile(file: string, cwd: string): BoxCheck {
  const path = resolvePath(cwd, file);
  const display = relative(cwd, path) || file;
  if (!existsSync(path)) {
    throw new LabError(`${display}: no such file`, EXIT.io, `give the path of a Packer box template, or omit FILE to check every ${BOX_DIR}/*.json`);
  }
  if (statSync(path).isDirectory()) throw new LabError(`${display}: is a directory`, EXIT.io, `name a template inside it, e.g. ${display}/freebsd-14.2.json`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new LabError(`${display}: cannot read: ${(e as Error).message}`, EXIT.io);
  }
  return checkBoxText(text, display);
}

/** boxes/*.json under cwd except the schema itself, sorted. */
export function defaultBoxFiles(cwd: string): string[] {
  const dir = join(cwd, BOX_DIR);
  const files = existsSync(dir) && statSync(dir).isDirectory()
    ? readdirSync(dir).filter((f) => f.endsWith(".json") && f !== BOX_SCHEMA_FILE).sort().map((f) => `${BOX_DIR}/${f}`)
    : [];
  if (!files.length) throw new LabError(`no box templates in ${BOX_DIR}/`, EXIT.io, `run it in the project root, or name the templates: lab box validate FILE...`);
  return files;
}
