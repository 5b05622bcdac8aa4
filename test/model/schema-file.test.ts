// The shipped schema and the reference JSON lab are generated: they must equal what the code makes.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import reference from "../../Vagrantfile.js";
import { labSchemaJson, referenceLabJson } from "../../src/model/schema-json.js";
import { validateLab } from "../../src/model/validate.js";
import { scenarioSchemaJson } from "../../src/model/scenario-schema.js";

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");

describe("shipped schema", () => {
  it("schema/lab.schema.json equals the TypeBox schema (run `npm run schema` after changing it)", () => {
    expect(read("schema/lab.schema.json")).toBe(labSchemaJson());
  });

  it("schema/scenario.schema.json equals the TypeBox scenario schema (run `npm run schema` after changing it)", () => {
    expect(read("schema/scenario.schema.json")).toBe(scenarioSchemaJson());
  });

  it("lab/speed-daemons.json equals Vagrantfile.ts (run `npm run schema` after changing it)", () => {
    expect(read("lab/speed-daemons.json")).toBe(referenceLabJson(reference));
  });

  it("a standalone ajv accepts the reference JSON lab with the shipped file and rejects a broken one", () => {
    const validate = new Ajv({ discriminator: true, strict: false }).compile(JSON.parse(read("schema/lab.schema.json")));
    const lab = JSON.parse(read("lab/speed-daemons.json"));
    expect(validate(lab)).toBe(true);
    lab.hosts[0].services.push({ kind: "apache" });
    expect(validate(lab)).toBe(false);
  });

  it("the reference JSON lab is valid and describes the same lab as Vagrantfile.ts", () => {
    const json = JSON.parse(read("lab/speed-daemons.json"));
    const v = validateLab(json);
    expect(v.diagnostics).toEqual([]);
    const { $schema: _, ...rest } = json;
    expect(rest).toEqual(JSON.parse(JSON.stringify(reference)));
  });
});
