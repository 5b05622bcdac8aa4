// A host's pf: the generated /etc/pf.conf, parsed and resolved once, loaded at its rc stage. Rules do
// not change while the simulation runs, so verdicts are cached per packet shape (CARP and pfsync
// frames repeat every second; connections repeat per client).

import { formatRule } from "../../formats/pf/format.js";
import type { PfRuleset } from "../../formats/pf/ast.js";
import { evaluatePf, resolvePf, type PfHostContext, type PfPacket, type ResolvedPfRuleset } from "../../formats/pf/evaluate.js";

export interface PfDecision {
  readonly pass: boolean;
  /** The deciding rule as pf.conf text ("block in log all"). */
  readonly rule?: string;
  /** keep state (no-sync): the state is not sent to the pfsync peer. */
  readonly noSync: boolean;
}

const PASS_DECISION: PfDecision = { pass: true, noSync: false };

export class PfFilter {
  private isLoaded = false;
  /** Bumped whenever pf is loaded or unloaded: callers may cache a decision per epoch. */
  epoch = 0;
  private readonly resolved: ResolvedPfRuleset | undefined;
  private readonly cache = new Map<string, PfDecision>();

  constructor(ruleset: PfRuleset | undefined, private readonly context: PfHostContext) {
    this.resolved = ruleset ? resolvePf(ruleset) : undefined;
  }

  get loaded(): boolean {
    return this.isLoaded;
  }

  set loaded(on: boolean) {
    if (on === this.isLoaded) return;
    this.isLoaded = on;
    this.epoch++;
  }

  get hasRules(): boolean {
    return this.resolved !== undefined;
  }

  decide(packet: PfPacket): PfDecision {
    if (!this.isLoaded || !this.resolved) return PASS_DECISION;
    const key = `${packet.direction}|${packet.interface}|${packet.proto}|${packet.src}|${packet.dst}|${packet.dstPort ?? ""}`;
    let d = this.cache.get(key);
    if (!d) {
      const v = evaluatePf(this.resolved, packet, this.context);
      const noSync = v.rule?.state?.options.includes("no-sync") ?? false;
      d = { pass: v.action === "pass", noSync, ...(v.rule ? { rule: formatRule(v.rule) } : {}) };
      this.cache.set(key, d);
    }
    return d;
  }
}
