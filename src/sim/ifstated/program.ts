// Turns an ifstated.conf AST into the structures ifstated(8) builds at load time (parse.y): one
// record per state plus the global "always" state, each owning its external tests (one per distinct
// command + interval, shared by every expression of that state that names it) and the interfaces
// its link tests watch. Tests in a state's init block belong to the state, as in parse.y.

import type { IfstatedAction, IfstatedConfig, IfstatedExpr, LinkState } from "../../formats/ifstated/ast.js";
import { expandIfstatedMacros } from "../../formats/ifstated/parse.js";
import type { Timer } from "../engine/engine.js";

/** A `"cmd" every N` test with ifstated's bookkeeping (struct ifsd_external). */
export interface ExternalTest {
  readonly command: string;
  readonly everyS: number;
  /** Exit status of the last run taken into account; undefined = never ran (ifstated's -1). */
  prevStatus: number | undefined;
  /** time(NULL) of the last asynchronous run reaped; undefined = never (ifstated's 0). */
  lastExecS: number | undefined;
  /** Status of a periodic run that finished and waits for the SIGCHLD handler. */
  finished: number | undefined;
  timer: Timer | undefined;
  /** Last error reported for this test, so a broken test is reported once, not every period. */
  lastError: string | undefined;
}

export type TestExpr =
  | { readonly kind: "link"; readonly iface: string; readonly state: LinkState }
  | { readonly kind: "external"; readonly test: ExternalTest }
  | { readonly kind: "not"; readonly operand: TestExpr }
  | { readonly kind: "and" | "or"; readonly left: TestExpr; readonly right: TestExpr };

export type Action =
  | { readonly kind: "run"; readonly command: string }
  | { readonly kind: "set-state"; readonly state: string }
  | { readonly kind: "if"; readonly condition: TestExpr; readonly actions: readonly Action[] };

export interface StateProgram {
  /** The state's name; ALWAYS for the global actions. */
  readonly name: string;
  readonly init: readonly Action[];
  readonly body: readonly Action[];
  /** ifstated's list order: creation order, then runs move to the tail as they are reaped. */
  externals: ExternalTest[];
  readonly interfaces: ReadonlySet<string>;
  /** time(NULL) when the state was last entered. */
  enteredS: number;
}

export interface Program {
  readonly always: StateProgram;
  readonly states: ReadonlyMap<string, StateProgram>;
  /** The last init-state, else the first state, else none (only global actions). */
  readonly initial: string | undefined;
}

export const ALWAYS = "(global)";

function compileState(name: string, init: readonly IfstatedAction[], body: readonly IfstatedAction[]): StateProgram {
  const externals: ExternalTest[] = [];
  const interfaces = new Set<string>();
  const external = (command: string, everyS: number): ExternalTest => {
    let test = externals.find((t) => t.command === command && t.everyS === everyS);
    if (!test) {
      test = { command, everyS, prevStatus: undefined, lastExecS: undefined, finished: undefined, timer: undefined, lastError: undefined };
      externals.push(test);
    }
    return test;
  };
  const expr = (e: IfstatedExpr): TestExpr => {
    switch (e.kind) {
      case "link":
        interfaces.add(e.interface);
        return { kind: "link", iface: e.interface, state: e.state };
      case "external":
        return { kind: "external", test: external(e.command, e.everyS) };
      case "not":
        return { kind: "not", operand: expr(e.operand) };
      case "and":
      case "or":
        return { kind: e.kind, left: expr(e.left), right: expr(e.right) };
      case "macro":
        throw new Error(`ifstated: macro $${e.name} was not expanded`);
    }
  };
  const action = (a: IfstatedAction): Action => (a.kind === "if" ? { kind: "if", condition: expr(a.condition), actions: a.actions.map(action) } : a);
  // parse order: the init block's tests are created first only if it comes first; order matters
  // only for ifstated's "first external" check, and the generated files put init before the body
  const compiledInit = init.map(action);
  const compiledBody = body.map(action);
  return { name, init: compiledInit, body: compiledBody, externals, interfaces, enteredS: 0 };
}

/** Expands the macros (as ifstated pastes them) and builds fresh runtime records: call once per daemon start. */
export function compileIfstated(config: IfstatedConfig): Program {
  const expanded = expandIfstatedMacros(config);
  const globals: IfstatedAction[] = [];
  const states = new Map<string, StateProgram>();
  let initial: string | undefined;
  let first: string | undefined;
  for (const e of expanded.entries) {
    if (e.kind === "action") globals.push(e.action);
    else if (e.kind === "init-state") initial = e.state;
    else if (e.kind === "state") {
      first ??= e.name;
      states.set(e.name, compileState(e.name, e.init, e.body));
    }
  }
  return { always: compileState(ALWAYS, [], globals), states, initial: initial ?? first };
}
