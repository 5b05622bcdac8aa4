// Writes the generated files that ship with the package: schema/lab.schema.json from the TypeBox
// schema (src/model/schema.ts), lab/speed-daemons.json, the reference lab (Vagrantfile.ts) as JSON, and
// schema/scenario.schema.json (src/model/scenario-schema.ts).
// Tests fail when either drifts: run `npm run schema` after changing the schema or the reference lab.
import { writeFileSync } from "node:fs";
import reference from "../Vagrantfile.js";
import { labSchemaJson, referenceLabJson } from "../src/model/schema-json.js";
import { scenarioSchemaJson } from "../src/model/scenario-schema.js";

for (const [file, text] of [
  ["schema/lab.schema.json", labSchemaJson()],
  ["lab/speed-daemons.json", referenceLabJson(reference)],
  ["schema/scenario.schema.json", scenarioSchemaJson()],
] as const) {
  writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
