// A drill scenario (lab/scenarios/*.json) as a JSON Schema built with TypeBox: a named list of timed
// faults, the traffic it runs under, and what its run must show. The shipped
// schema/scenario.schema.json is generated from it (a test keeps them equal).

import Type, { type Static } from "typebox";
import { RELEASES } from "./schema.js";

const NAME = "^[a-z][a-z0-9-]{0,40}$";
/** Times as the fault parser reads them: 90s, 2m, 1m30s, 1.5s, 500ms, 1h. */
const TIME = "^[0-9][0-9a-z.]{0,15}$";

const Obj = <P extends Record<string, Parameters<typeof Type.Object>[0][string]>>(properties: P, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

const Bounds = (description: string) =>
  Obj({ min: Type.Optional(Type.Number({ description: "at least" })), max: Type.Optional(Type.Number({ description: "at most" })) }, description);

export const ScenarioTrafficSchema = Obj(
  {
    rateScale: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000, description: "Multiplies the lab's peak session and registration rates" })),
    flat: Type.Optional(Type.Boolean({ description: "Every hour at the peak rate instead of the daily curve (default true in scenarios)" })),
    startHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23, description: "Hour of day the traffic starts at (default: the curve's busiest hour)" })),
    registrationsPerHour: Type.Optional(Type.Number({ minimum: 0, maximum: 10000000, description: "Replaces the lab's registrations per hour (the write load)" })),
    peakSessionsPerS: Type.Optional(Type.Number({ minimum: 0, maximum: 1000000, description: "Replaces the lab's peak sessions per second" })),
  },
  "The client traffic during the drill",
);

export const ScenarioExpectSchema = Obj(
  {
    failovers: Type.Optional(Type.Array(
      Obj({ group: Type.String({ pattern: "^[a-z][a-z0-9-]{0,30}$", description: "CARP group" }), from: Type.Optional(Type.String()), to: Type.String({ description: "The new MASTER" }) }, "A failover the run must show"),
      { maxItems: 64 },
    )),
    noFailover: Type.Optional(Type.Array(Type.String({ pattern: "^[a-z][a-z0-9-]{0,30}$" }), { maxItems: 64, description: "CARP groups that must keep their master" })),
    availabilityPercent: Type.Optional(Bounds("Requests served / requests, percent")),
    lostWrites: Type.Optional(Bounds("Committed MySQL writes lost at failover, over all pairs")),
    lostAcknowledgedWrites: Type.Optional(Bounds("Lost writes a semi-sync replica had acknowledged")),
    pools: Type.Optional(Type.Array(
      Obj({ host: Type.String(), pool: Type.String(), state: Type.Enum(["ONLINE", "DEGRADED", "FAULTED", "UNAVAIL", "OFFLINE", "REMOVED"]) }, "A pool's state at the end"),
      { maxItems: 64 },
    )),
    storageLostBytes: Type.Optional(Bounds("Bytes lost by storage promotions")),
    failuresByCause: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 32, description: "Failure causes that must appear" })),
    checkersOk: Type.Optional(Type.Boolean({ description: "Every checker (split brain, VIP owned, LAGG, two writers) passes" })),
  },
  "What the run must show; `lab sim --scenario` prints each check and the test suite asserts them",
);

export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ pattern: NAME, description: "The scenario's name: its file name without .json" }),
    description: Type.String({ minLength: 1, maxLength: 1000, description: "What the drill teaches" }),
    release: Type.Optional(Type.Enum([...RELEASES], { description: "Run on this FreeBSD release (default: the lab's)" })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: "Random seed (default 1)" })),
    duration: Type.String({ pattern: TIME, description: "Simulated time of the run: 10m, 1h, 1m30s" }),
    traffic: Type.Optional(Type.Union([Type.Literal(false), ScenarioTrafficSchema], { description: "false: no client traffic" })),
    mysql: Type.Optional(Obj({ semiSync: Type.Optional(Type.Boolean({ description: "Semi-sync AFTER_SYNC on every pair (MySQL 8, 14.2 only)" })) }, "MySQL settings for the drill")),
    faults: Type.Array(Type.String({ minLength: 1, maxLength: 300, description: 'A timed fault: "2m: power-off proxy01"' }), { maxItems: 1000 }),
    expect: Type.Optional(ScenarioExpectSchema),
  },
  { additionalProperties: false, description: "A drill: timed faults on the lab, under traffic, and what must happen" },
);

export type Scenario = Static<typeof ScenarioSchema>;
export type ScenarioTraffic = Static<typeof ScenarioTrafficSchema>;
export type ScenarioExpect = Static<typeof ScenarioExpectSchema>;

export function scenarioSchemaJson(): string {
  return JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", ...ScenarioSchema }, null, 2) + "\n";
}
