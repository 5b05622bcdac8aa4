// The shipped JSON texts: the JSON Schema (draft-07 dialect, what ajv checks) and a lab as a JSON
// file that points editors at that schema. Stable formatting, so tests can compare them byte for byte.

import { LabSchema } from "./schema.js";
import type { LabSpec } from "./types.js";

export function labSchemaJson(): string {
  return JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", ...LabSchema }, null, 2) + "\n";
}

export function referenceLabJson(lab: LabSpec): string {
  return JSON.stringify({ $schema: "../schema/lab.schema.json", ...lab }, null, 2) + "\n";
}
