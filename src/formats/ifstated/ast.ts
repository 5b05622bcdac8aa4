// The AST of ifstated.conf (ifstated(8) of OpenBSD, net/ifstated on FreeBSD), built for a
// simulator: macros, init-state, global actions, states with init blocks and bodies of
// if/run/set-state, and expressions over `IF.link.up|down|unknown` tests and `"cmd" every N`
// external tests combined with !, && and || (which ifstated parses with EQUAL precedence, left to
// right: `a || b && c` is `(a || b) && c`). Macro references stay as references; they are
// checked at parse time to stand for one term, and expandIfstatedMacros() substitutes them.

export type { ParseError, ParseResult } from "../pf/ast.js";

export type LinkState = "up" | "down" | "unknown";

export type IfstatedExpr =
  | { readonly kind: "link"; readonly interface: string; readonly state: LinkState }
  /** Runs `/bin/sh -c command` every `everyS` seconds (and on entering a state); exit 0 = true. */
  | { readonly kind: "external"; readonly command: string; readonly everyS: number }
  | { readonly kind: "not"; readonly operand: IfstatedExpr }
  | { readonly kind: "and" | "or"; readonly left: IfstatedExpr; readonly right: IfstatedExpr }
  /** `$name`: the macro's text, which ifstated pastes in place (one term, see parse.ts). */
  | { readonly kind: "macro"; readonly name: string };

export type IfstatedAction =
  | { readonly kind: "run"; readonly command: string }
  | { readonly kind: "set-state"; readonly state: string }
  | { readonly kind: "if"; readonly condition: IfstatedExpr; readonly actions: readonly IfstatedAction[] };

export interface IfstatedState {
  readonly kind: "state";
  readonly name: string;
  /** Runs on entering the state (every `init` block of the state, in order). */
  readonly init: readonly IfstatedAction[];
  /** Evaluated when a test it uses changes value. */
  readonly body: readonly IfstatedAction[];
}

export type IfstatedEntry =
  | { readonly kind: "comment"; readonly text: string }
  | { readonly kind: "macro"; readonly name: string; readonly value: string }
  | { readonly kind: "init-state"; readonly state: string }
  /** A global action: part of the "always" state, evaluated whatever the current state. */
  | { readonly kind: "action"; readonly action: IfstatedAction }
  | IfstatedState;

export interface IfstatedConfig {
  readonly entries: readonly IfstatedEntry[];
}

export const link = (iface: string, state: LinkState = "up"): IfstatedExpr => ({ kind: "link", interface: iface, state });
export const external = (command: string, everyS: number): IfstatedExpr => ({ kind: "external", command, everyS });
export const not = (operand: IfstatedExpr): IfstatedExpr => ({ kind: "not", operand });
export const macroRef = (name: string): IfstatedExpr => ({ kind: "macro", name });

/** Left-folds operands with one operator: and(a, b, c) = (a && b) && c. */
export function and(...operands: IfstatedExpr[]): IfstatedExpr {
  return fold("and", operands);
}

export function or(...operands: IfstatedExpr[]): IfstatedExpr {
  return fold("or", operands);
}

function fold(kind: "and" | "or", operands: IfstatedExpr[]): IfstatedExpr {
  const [first, ...rest] = operands;
  if (!first) throw new Error(`${kind}() needs at least one operand`);
  return rest.reduce<IfstatedExpr>((left, right) => ({ kind, left, right }), first);
}

export const run = (command: string): IfstatedAction => ({ kind: "run", command });
export const setState = (state: string): IfstatedAction => ({ kind: "set-state", state });
export const when = (condition: IfstatedExpr, ...actions: IfstatedAction[]): IfstatedAction => ({ kind: "if", condition, actions });

export function state(name: string, body: readonly IfstatedAction[], init: readonly IfstatedAction[] = []): IfstatedState {
  return { kind: "state", name, init, body };
}

/** The states of a config, by name. */
export function statesOf(config: IfstatedConfig): Map<string, IfstatedState> {
  const out = new Map<string, IfstatedState>();
  for (const e of config.entries) if (e.kind === "state") out.set(e.name, e);
  return out;
}

/** The start state: the last init-state, else the first state (as ifstated does). */
export function initialState(config: IfstatedConfig): string | undefined {
  let start: string | undefined;
  for (const e of config.entries) if (e.kind === "init-state") start = e.state;
  return start ?? config.entries.find((e): e is IfstatedState => e.kind === "state")?.name;
}
