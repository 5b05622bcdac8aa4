// Property tests: random small mutations of the reference lab never make validateLab() throw; a rejected
// lab has errors that point into the document with a message and a hint; and a lab validateLab()
// accepts always resolves, with every address inside its network (the important property).
// On failure fast-check prints the seed and the shrunk list of mutations that reproduce it.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolve } from "../../src/model/resolve.js";
import { validateLab } from "../../src/model/validate.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import type { LabSecrets, ResolvedLab } from "../../src/model/types.js";
import { referenceSpec } from "./reference-spec.js";

// LAB_PROPERTY_RUNS=20000 for a longer hunt.
const NUM_RUNS = Number(process.env.LAB_PROPERTY_RUNS ?? 600);

const secrets: LabSecrets = {
  carpPass: {},
  mysql: { rootPassword: "x", replicationPassword: "x", appPassword: "x" },
  ssh: { privateKey: "", publicKey: "" },
};

type Path = (string | number)[];
interface Node { readonly path: Path; readonly value: unknown }

/** Every node of a JSON document with its path, in document order (the root first). */
function nodes(doc: unknown): Node[] {
  const out: Node[] = [];
  const walk = (value: unknown, path: Path) => {
    out.push({ path, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(doc, []);
  return out;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === "object";
const isLeaf = (v: unknown) => !isContainer(v);

function parentOf(doc: any, path: Path): any {
  let node = doc;
  for (const key of path.slice(0, -1)) node = node[key];
  return node;
}

function setAt(doc: any, path: Path, value: unknown): void {
  parentOf(doc, path)[path[path.length - 1]!] = value;
}

function removeAt(doc: any, path: Path): void {
  const parent = parentOf(doc, path);
  const key = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);

type Mutation =
  | { readonly op: "delete"; readonly at: number }
  | { readonly op: "replace"; readonly at: number; readonly value: unknown }
  | { readonly op: "retype"; readonly at: number; readonly value: unknown }
  | { readonly op: "sibling-value"; readonly at: number; readonly from: number; readonly n: number }
  | { readonly op: "duplicate"; readonly at: number; readonly index: number }
  | { readonly op: "remove-elements"; readonly at: number; readonly start: number; readonly count: number }
  | { readonly op: "swap-strings"; readonly a: number; readonly b: number }
  | { readonly op: "swap-names"; readonly a: number; readonly b: number }
  | { readonly op: "add-property"; readonly at: number; readonly key: string; readonly value: unknown }
  // Plausible edits an admin would make; most keep the lab valid, so resolve() gets exercised.
  | { readonly op: "drop-optional"; readonly at: number }
  | { readonly op: "set-address"; readonly at: number; readonly offset: number }
  | { readonly op: "resize-network"; readonly at: number; readonly prefixLength: number }
  | { readonly op: "set-integer"; readonly at: number; readonly n: number }
  | { readonly op: "set-mac"; readonly at: number; readonly low: number }
  | { readonly op: "clone-host"; readonly at: number; readonly suffix: number; readonly into: number }
  | { readonly op: "move-interface"; readonly at: number; readonly to: number };

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Strings that are valid somewhere in a lab: they push mutations past the schema into the semantic checks. */
const plausibleString = fc.constantFrom(
  "", "x", "app01", "proxy02", "db01", "stor02", "public", "app", "db", "storage", "pfsync", "www", "solr", "mysql",
  "em0", "em4", "lagg0", "lagg1", "carp:www", "carp:mysql", "*", "10.0.20.20", "10.0.20.21", "10.0.20.255", "203.0.113.11",
  "10.0.99.1", "10.0.20.0/30", "10.0.20.0/24", "10.0.0.0/8", "0.0.0.0/0", "10.0.99.0/31", "1m", "5m", "1h", "raidz2",
  "mirror", "stripe", "log0", "data0", "os0", "tank", "zroot", "02:00:00:00:00:01", "nginx", "zope", "8.1", "failover",
);
const randomNumber = fc.oneof(fc.integer({ min: -2, max: 300 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const randomValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), plausibleString, fc.string(), randomNumber);

// Weighted towards mutations that keep the schema happy, so that the semantic checks and resolve() get
// exercised too, not only the schema.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: randomValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("retype" as const), at: fc.nat(), value: randomValue }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("sibling-value" as const), at: fc.nat(), from: fc.nat(), n: fc.integer({ min: 0, max: 300 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("duplicate" as const), at: fc.nat(), index: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("remove-elements" as const), at: fc.nat(), start: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("swap-strings" as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("swap-names" as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("add-property" as const), at: fc.nat(), key: fc.oneof(fc.string(), fc.constantFrom("~", "a/b", "~1", "mac", "address")), value: randomValue }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("drop-optional" as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("set-address" as const), at: fc.nat(), offset: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.nat()) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("resize-network" as const), at: fc.nat(), prefixLength: fc.integer({ min: 8, max: 32 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("set-integer" as const), at: fc.nat(), n: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("set-mac" as const), at: fc.nat(), low: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("clone-host" as const), at: fc.nat(), suffix: fc.nat(), into: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("move-interface" as const), at: fc.nat(), to: fc.nat() }) },
);

const OPTIONAL = new Set([
  "address", "ports", "bind", "protocol", "kind", "description", "cpus", "memoryMiB", "disks", "pools", "advbase", "preempt",
  "replicationEvery", "nfs", "iscsi", "semiSync", "mac", "release", "requirements", "traffic", "log", "storageMiB", "threads",
  "hosts", "via", "carp", "chains", "mysql", "storage", "laggs", "network",
]);
const lastKey = (n: Node) => n.path[n.path.length - 1];
/** The element holding a "network" reference and maybe an "address": LAGGs, addressed NICs, CARP groups. */
const addressed = (doc: unknown) => nodes(doc).filter((x) => isContainer(x.value) && !Array.isArray(x.value) && typeof (x.value as any).network === "string" && ["laggs", "nics", "carp"].includes(String(x.path[x.path.length - 2])));

function networkBase(doc: any, name: string): { base: number; size: number } | undefined {
  const cidr = (Array.isArray(doc?.networks) ? doc.networks : []).find((n: any) => n?.name === name)?.cidr;
  if (typeof cidr !== "string" || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) return undefined;
  const [ip, len] = cidr.split("/");
  const value = ip!.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - Math.min(32, Number(len)));
  return { base: Math.floor(value / size) * size, size };
}
const dotted = (v: number) => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join(".");

function apply(doc: any, m: Mutation): void {
  const all = nodes(doc);
  const inner = all.slice(1);
  switch (m.op) {
    case "drop-optional": {
      const n = pick(inner.filter((x) => OPTIONAL.has(String(lastKey(x)))), m.at);
      if (n) removeAt(doc, n.path);
      return;
    }
    case "set-address": {
      const n = pick(addressed(doc), m.at);
      const net = n && networkBase(doc, (n.value as any).network);
      if (n && net) (n.value as any).address = dotted(net.base + (m.offset % net.size));
      return;
    }
    case "resize-network": {
      const n = pick(inner.filter((x) => lastKey(x) === "cidr" && typeof x.value === "string"), m.at);
      if (!n) return;
      const [ip] = (n.value as string).split("/");
      const value = ip!.split(".").reduce((a, o) => a * 256 + (Number(o) || 0), 0) % 2 ** 32;
      const size = 2 ** (32 - m.prefixLength);
      setAt(doc, n.path, `${dotted(Math.floor(value / size) * size)}/${m.prefixLength}`);
      return;
    }
    case "set-integer": {
      const n = pick(inner.filter((x) => ["vhid", "advskew", "advbase", "sizeGiB", "cpus"].includes(String(lastKey(x)))), m.at);
      if (n) setAt(doc, n.path, m.n);
      return;
    }
    case "set-mac": {
      const n = pick(inner.filter((x) => String(x.path[x.path.length - 2]) === "nics"), m.at);
      if (n && isContainer(n.value)) (n.value as any).mac = `02:00:00:00:00:${(m.low % 256).toString(16).padStart(2, "0")}`;
      return;
    }
    case "clone-host": {
      if (!Array.isArray(doc?.hosts) || doc.hosts.length === 0) return;
      const source = doc.hosts[m.at % doc.hosts.length];
      if (!isContainer(source)) return;
      const copy: any = structuredClone(source);
      copy.name = `${String(copy.name).replace(/[0-9]+$/, "")}${10 + (m.suffix % 80)}`;
      for (const nic of (Array.isArray(copy.nics) ? copy.nics : []) as any[]) if (nic && typeof nic === "object") { delete nic.address; delete nic.mac; }
      for (const lagg of (Array.isArray(copy.laggs) ? copy.laggs : []) as any[]) if (lagg && typeof lagg === "object") delete lagg.address;
      doc.hosts.push(copy);
      // Also enlist it somewhere: a CARP group, a chain hop's hosts, or nowhere.
      const targets = [
        ...(Array.isArray(doc.carp) ? doc.carp.map((g: any) => () => g?.members?.push?.({ host: copy.name, advskew: 200 })) : []),
        ...(Array.isArray(doc.chains) ? doc.chains.flatMap((c: any) => (Array.isArray(c?.hops) ? c.hops : []).map((h: any) => () => h?.hosts?.push?.(copy.name))) : []),
        () => undefined,
      ];
      pick(targets, m.into)?.();
      return;
    }
    case "move-interface": {
      const n = pick(addressed(doc), m.at);
      const names = (Array.isArray(doc?.networks) ? doc.networks : []).map((x: any) => x?.name);
      if (n && names.length) { (n.value as any).network = pick(names, m.to); delete (n.value as any).address; }
      return;
    }
    case "delete": {
      const n = pick(inner, m.at);
      if (n) removeAt(doc, n.path);
      return;
    }
    case "replace": {
      const n = pick(inner.filter((x) => isLeaf(x.value)), m.at);
      if (n) setAt(doc, n.path, m.value);
      return;
    }
    case "retype": {
      // Any node (object, array or leaf) becomes a value of another JSON type.
      const n = pick(inner, m.at);
      if (n && typeOf(n.value) !== typeOf(m.value)) setAt(doc, n.path, m.value);
      return;
    }
    case "sibling-value": {
      // A leaf gets another value of its own type: a string seen elsewhere in the lab, a small number, the other boolean.
      const n = pick(inner.filter((x) => isLeaf(x.value)), m.at);
      if (!n) return;
      if (typeof n.value === "string") setAt(doc, n.path, pick(all.filter((x) => typeof x.value === "string").map((x) => x.value), m.from));
      else if (typeof n.value === "number") setAt(doc, n.path, m.n);
      else if (typeof n.value === "boolean") setAt(doc, n.path, !n.value);
      return;
    }
    case "duplicate": {
      const n = pick(all.filter((x) => Array.isArray(x.value) && x.value.length > 0), m.at);
      if (!n) return;
      const array = n.value as unknown[];
      const i = m.index % array.length;
      array.splice(i + 1, 0, structuredClone(array[i]));
      return;
    }
    case "remove-elements": {
      const n = pick(all.filter((x) => Array.isArray(x.value) && x.value.length > 0), m.at);
      if (n) (n.value as unknown[]).splice(m.start % (n.value as unknown[]).length, m.count);
      return;
    }
    case "swap-strings":
    case "swap-names": {
      const candidates = inner.filter((x) => typeof x.value === "string" && (m.op === "swap-strings" || x.path[x.path.length - 1] === "name"));
      const a = pick(candidates, m.a);
      const b = pick(candidates, m.b);
      if (!a || !b) return;
      setAt(doc, a.path, b.value);
      setAt(doc, b.path, a.value);
      return;
    }
    case "add-property": {
      const n = pick(all.filter((x) => isContainer(x.value) && !Array.isArray(x.value)), m.at);
      if (n) (n.value as Record<string, unknown>)[m.key] = m.value;
      return;
    }
  }
}

function mutated(mutations: readonly Mutation[]): any {
  const doc = referenceSpec();
  for (const m of mutations) apply(doc, m);
  return doc;
}

function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function has(node: unknown, key: string): boolean {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < node.length;
  return isContainer(node) && Object.prototype.hasOwnProperty.call(node, key);
}

/** Why a diagnostic's pointer does not point into the document (at a node, or at a missing child of a node). */
function pointerProblem(doc: unknown, pointer: string): string | undefined {
  const parts = parsePointer(pointer);
  if (!parts) return `"${pointer}" is not a JSON pointer`;
  let node = doc;
  for (const [i, part] of parts.entries()) {
    if (!has(node, part)) {
      return i === parts.length - 1 && isContainer(node) ? undefined : `"${pointer}" leaves the document at "${part}"`;
    }
    node = (node as any)[part];
  }
  return undefined;
}

function checkDiagnostics(doc: unknown, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const where = `${d.severity} ${d.code} ${d.pointer} | ${d.message}`;
    expect(["error", "warning"], where).toContain(d.severity);
    expect(d.code, where).toMatch(/^[a-z][a-zA-Z0-9-]*$/);
    expect(d.message.trim().length, where).toBeGreaterThan(0);
    expect(d.hint.trim().length, where).toBeGreaterThan(0);
    expect(pointerProblem(doc, d.pointer), where).toBeUndefined();
  }
}

const toNumber = (dotted: string): number => {
  const parts = dotted.split(".").map(Number);
  expect(parts.length, dotted).toBe(4);
  for (const p of parts) expect(Number.isInteger(p) && p >= 0 && p <= 255, dotted).toBe(true);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
};

/** Every interface, NIC and VIP address lies in its network, is not its network/broadcast address, and is unique there. */
function checkAddresses(lab: ResolvedLab): void {
  const networks = new Map(lab.networks.map((n) => {
    const [base, len] = n.cidr.split("/");
    const size = 2 ** (32 - Number(len));
    const start = Math.floor(toNumber(base!) / size) * size;
    return [n.name, { start, size }] as const;
  }));
  const seen = new Map<string, string>();
  const check = (what: string, network: string, address: string, unique: boolean) => {
    const net = networks.get(network);
    expect(net, `${what}: network ${network}`).toBeDefined();
    const value = toNumber(address);
    expect(value >= net!.start && value < net!.start + net!.size, `${what}: ${address} outside ${network}`).toBe(true);
    if (net!.size >= 4) expect(value !== net!.start && value !== net!.start + net!.size - 1, `${what}: ${address} is reserved in ${network}`).toBe(true);
    if (!unique) return;
    const key = `${network}/${address}`;
    expect(seen.get(key), `${what}: ${address} also used by ${seen.get(key)}`).toBeUndefined();
    seen.set(key, what);
  };
  for (const host of lab.hosts) {
    for (const i of host.interfaces) check(`${host.name} ${i.name}`, i.network, i.address, true);
    for (const n of host.nics) if (n.address !== undefined) check(`${host.name} nic ${n.name}`, n.network!, n.address, false);
    for (const l of host.laggs) check(`${host.name} lagg ${l.name}`, l.network, l.address, false);
    for (const c of host.carp) check(`${host.name} carp ${c.group}`, lab.carp.find((g) => g.name === c.group)!.network, c.address, false);
  }
  for (const g of lab.carp) check(`carp ${g.name}`, g.network, g.address, true);
}

const stats = { ok: 0, rejected: 0 };

describe("random mutations of the reference lab", () => {
  it(`validate never throws, points into the document, and accepted labs resolve (${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const doc = mutated(mutations);
        const before = JSON.stringify(doc);
        const v = validateLab(doc);
        expect(JSON.stringify(doc), "validateLab must not modify its input").toBe(before);
        checkDiagnostics(doc, v.diagnostics);
        if (!v.ok) {
          stats.rejected++;
          expect(v.diagnostics.some((d) => d.severity === "error")).toBe(true);
          return;
        }
        stats.ok++;
        expect(v.diagnostics.every((d) => d.severity === "warning")).toBe(true);
        const lab = resolve(v.lab, secrets);
        checkAddresses(lab);
      }),
      { numRuns: NUM_RUNS },
    );
    // Both outcomes must be exercised, or the property says little.
    console.info(`mutation runs: ${stats.ok} accepted, ${stats.rejected} rejected`);
    expect(stats.ok).toBeGreaterThan(NUM_RUNS / 20);
    expect(stats.rejected).toBeGreaterThan(NUM_RUNS / 20);
  }, Math.max(60_000, NUM_RUNS * 20));

  it("never throws on arbitrary JavaScript values placed anywhere in the lab", () => {
    fc.assert(
      // BigInt and circular values have their own test below (they once made validateLab throw).
      fc.property(fc.nat(), fc.anything({ maxDepth: 2, withNullPrototype: true, withDate: true, withMap: true, withSet: true, withSparseArray: true, withTypedArray: true }), (at, value) => {
        const doc = referenceSpec();
        const n = pick(nodes(doc), at)!;
        if (n.path.length === 0) return;
        setAt(doc, n.path, value);
        const v = validateLab(doc);
        if (v.ok) resolve(v.lab, secrets);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary documents", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), (document) => {
        const v = validateLab(document);
        expect(v.ok).toBe(false);
        checkDiagnostics(document, v.diagnostics);
      }),
      { numRuns: 200 },
    );
  });

  // A lab written in TypeScript (Vagrantfile.ts) can hold values JSON cannot: validateLab takes `unknown`
  // and must still answer with diagnostics.
  it.each([
    ["a BigInt", (doc: any) => { doc.hosts[0].cpus = 2n; }, "/hosts/0/cpus"],
    ["a BigInt as the whole document", () => 1n, ""],
    ["a circular object", (doc: any) => { const o: any = {}; o.self = o; doc.hosts[0].role = o; }, "/hosts/0/role"],
    ["the lab inside itself", (doc: any) => { doc.description = doc; }, "/description"],
  ] as const)("never throws on %s", (_name, mutate, pointer) => {
    // Was a bug (fixed): check-schema.ts show() calls JSON.stringify on the offending value, which throws
    // "TypeError: Do not know how to serialize a BigInt" / "Converting circular structure to JSON".
    const doc = referenceSpec();
    const document = (mutate as (d: any) => unknown)(doc) ?? doc;
    let v: ReturnType<typeof validateLab> | undefined;
    expect(() => { v = validateLab(document); }).not.toThrow();
    expect(v!.ok).toBe(false);
    expect(v!.diagnostics.map((d) => d.pointer)).toContain(pointer);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
  ] as const)("names %s in the message instead of calling it null", (name, value) => {
    // Was a bug (fixed): show() prints JSON.stringify(NaN) = "null": a lab computing memoryMiB from a bad env var gets
    // "null must be an integer" at /hosts/0/memoryMiB, which hides the real value.
    const doc = referenceSpec();
    doc.hosts[0].memoryMiB = value;
    const v = validateLab(doc);
    const d = v.diagnostics.find((x) => x.pointer === "/hosts/0/memoryMiB");
    expect(d?.message).toBe(`${name} must be an integer`);
  });

  it("the reference lab itself resolves with every address in its network", () => {
    const v = validateLab(referenceSpec());
    expect(v.ok).toBe(true);
    if (v.ok) checkAddresses(resolve(v.lab, secrets));
  });

  it("a lab that validates resolves: chain hop to a host without an addressed interface", () => {
    // Was a bug (fixed): validateLab accepts this lab (a zope host with only an unaddressed NIC as a haproxy target) and
    // resolve() throws "TypeError: Cannot read properties of undefined (reading 'address')" in the hop.hosts
    // branch of the chain upstreams (`hostByName.get(t)!.interfaces[0]!.address`).
    const doc = referenceSpec();
    doc.hosts.push({ name: "app03", role: "app", nics: [{ name: "em0" }], services: [{ kind: "zope" }] });
    doc.chains[0].hops[2].hosts.push("app03");
    const v = validateLab(doc);
    if (v.ok) expect(() => resolve(v.lab, secrets)).not.toThrow();
  });
});
