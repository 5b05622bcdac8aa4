// The compiled ajv validator of the lab schema. Here it is compiled at first use (tests, tsx); the
// build (scripts/build.mjs) replaces this module with ajv standalone code generated from the same
// schema file, so the `lab` command never pays for compiling the schema at start-up.

import { Ajv, type ValidateFunction } from "ajv";
import labSchema from "../../schema/lab.schema.json" with { type: "json" };

export const AJV_OPTIONS = { allErrors: true, discriminator: true, strict: true, allowUnionTypes: true } as const;

export function compileLabValidator(): ValidateFunction {
  return new Ajv(AJV_OPTIONS).compile(labSchema);
}
