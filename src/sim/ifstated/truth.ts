// The truth of an ifstated expression as the daemon holds it. ifstated caches a truth value per
// expression node (0 at load) and recomputes a node only when one of its tests gets a value, so a
// node none of whose tests ever had a value is false even under `!`; after that the cached value
// equals the plain boolean of its tests (a test without a value counts as false). On FreeBSD's
// port a link test is true only for its exact state: up, down or unknown (patch-ifstated.c).

import type { LinkState } from "../../formats/ifstated/ast.js";
import type { TestExpr } from "./program.js";

interface Truth {
  /** Some test under this node has had a value. */
  readonly set: boolean;
  readonly truth: boolean;
}

const UNSET: Truth = { set: false, truth: false };

function evaluate(e: TestExpr, links: ReadonlyMap<string, LinkState>): Truth {
  switch (e.kind) {
    case "link": {
      const seen = links.get(e.iface);
      return seen === undefined ? UNSET : { set: true, truth: seen === e.state };
    }
    case "external":
      return e.test.prevStatus === undefined ? UNSET : { set: true, truth: e.test.prevStatus === 0 };
    case "not": {
      const inner = evaluate(e.operand, links);
      return inner.set ? { set: true, truth: !inner.truth } : UNSET;
    }
    case "and":
    case "or": {
      const l = evaluate(e.left, links);
      const r = evaluate(e.right, links);
      if (!l.set && !r.set) return UNSET;
      return { set: true, truth: e.kind === "and" ? l.truth && r.truth : l.truth || r.truth };
    }
  }
}

/** `links`: the last link state ifstated saw per interface (absent = never seen). */
export function isTrue(e: TestExpr, links: ReadonlyMap<string, LinkState>): boolean {
  return evaluate(e, links).truth;
}
