// ifstated(8) on a simulated host, following OpenBSD's ifstated.c (the FreeBSD port net/ifstated is
// that code): at start the global actions are evaluated, then the initial state is entered. Entering
// a state runs its external tests once synchronously, arms their `every N` timers, runs its init
// block, then its body. A body is evaluated only when a test it uses changes value: a link state
// change of a watched interface, or a periodic test whose exit status differs from the previous one
// (edge-triggered). set-state takes effect after the body, and the new state is entered the same way.
// Kept from ifstated.c on purpose, because the deployed daemon behaves so: a state's body is skipped
// unless its oldest external test has been reaped since the state was entered (eval_state()), so a
// link change in the first N seconds after re-entering a state is noticed only with the next change.
// Commands run through the simulated command layer; trace: ifstated.state, ifstated.run (level
// protocol for external tests), ifstated.error.

import type { IfstatedConfig, LinkState } from "../../formats/ifstated/ast.js";
import { runCommand } from "../commands/run-command.js";
import type { CommandContext, CommandResult } from "../commands/types.js";
import type { Engine } from "../engine/engine.js";
import { seconds, US_PER_S } from "../engine/time.js";
import type { CommandTarget } from "../host-api.js";
import { compileIfstated, type Action, type ExternalTest, type Program, type StateProgram } from "./program.js";
import { isTrue } from "./truth.js";

/** State changes in one evaluation before the simulator calls it a loop (the real daemon would spin forever). */
export const MAX_STATE_CHANGES = 100;

export interface IfstatedOptions {
  /** Passed to the command layer (e.g. more named hooks). */
  readonly commands?: CommandContext;
}

export class IfstatedDaemon {
  private program: Program | undefined;
  private current: StateProgram | undefined;
  private next: StateProgram | undefined;
  /** The last link state seen per interface (ifstated keeps it per test; every state sees every message). */
  private readonly links = new Map<string, LinkState>();
  /** Bumped by start() and stop(): callbacks from an earlier run of the daemon do nothing. */
  private generation = 0;
  private reapPending = false;
  private active = false;
  /** Every interface a link test names: changes of others are not even queued. */
  private watched: ReadonlySet<string> = new Set();

  constructor(
    private readonly engine: Engine,
    readonly host: string,
    private readonly config: IfstatedConfig,
    private readonly target: CommandTarget,
    private readonly options: IfstatedOptions = {},
  ) {}

  get running(): boolean {
    return this.active;
  }

  /** The current state's name (undefined when stopped or when the config has no states). */
  get currentState(): string | undefined {
    return this.active ? this.current?.name : undefined;
  }

  /** Daemon start (rc): load the config, evaluate the global actions, enter the initial state. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.generation++;
    this.reapPending = false;
    this.links.clear();
    this.current = undefined;
    this.next = undefined;
    const program = compileIfstated(this.config);
    this.program = program;
    program.always.enteredS = this.nowS();
    this.fetchLinks(program);
    this.addExternals(program.always);
    this.evalState(program.always);
    const initial = program.initial === undefined ? undefined : program.states.get(program.initial);
    if (initial && this.active) {
      this.next = initial;
      this.changeStates();
    }
  }

  /** Power-off or crash: the process is gone, every timer with it. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.generation++;
    const program = this.program;
    if (program) for (const st of this.allStates(program)) this.deleteExternals(st);
    this.reapPending = false;
    this.current = undefined;
    this.next = undefined;
  }

  /** The network model reports a link state change (any interface, carpN on 8.1 included). */
  linkChanged(iface: string): void {
    if (!this.active || !this.watched.has(iface)) return;
    // the routing message carries the state of that moment; ifstated reads it after its current handler
    const state = this.target.linkState(iface);
    if (state === undefined) return; // interface gone: ifstated ignores messages it cannot name
    const generation = this.generation;
    this.engine.after(0, () => {
      if (generation === this.generation) this.scanLink(iface, state);
    });
  }

  private nowS(): number {
    return Math.floor(this.engine.now / US_PER_S);
  }

  private allStates(program: Program): StateProgram[] {
    return [program.always, ...program.states.values()];
  }

  /** fetch_ifstate() at load: the state of every interface a test names. */
  private fetchLinks(program: Program): void {
    const names = new Set(this.allStates(program).flatMap((st) => [...st.interfaces]));
    this.watched = names;
    for (const iface of [...names].sort()) {
      const state = this.target.linkState(iface);
      if (state === undefined) this.emitError(`${iface}.link`, `no interface ${iface} on ${this.host}: its link tests stay false`);
      else this.links.set(iface, state);
    }
  }

  /** scan_ifstate(): a new link state re-evaluates the global actions and the current state if they watch it. */
  private scanLink(iface: string, state: LinkState): void {
    if (!this.active || this.links.get(iface) === state) return;
    this.links.set(iface, state);
    const program = this.program!;
    if (program.always.interfaces.has(iface)) this.evalState(program.always);
    const current = this.current;
    if (this.active && current?.interfaces.has(iface)) this.evalState(current);
  }

  /** eval_state(): the body, then any state changes it asked for. */
  private evalState(st: StateProgram): void {
    const first = st.externals[0];
    if (first && first.lastExecS !== undefined && first.lastExecS < st.enteredS) return;
    this.doActions(st.body);
    this.changeStates();
  }

  /** The state_change() loop: enter the requested state, run its init and body, repeat while they ask for more. */
  private changeStates(): void {
    for (let changes = 0; this.active && this.next && this.next !== this.current; changes++) {
      if (changes >= MAX_STATE_CHANGES) {
        this.emitError(`set-state ${this.next.name}`, `more than ${MAX_STATE_CHANGES} state changes in one evaluation: a set-state loop (the real daemon would spin)`);
        this.next = undefined;
        return;
      }
      const to = this.next;
      this.engine.emit({ type: "ifstated.state", host: this.host, from: this.current?.name ?? null, to: to.name });
      if (this.current) this.deleteExternals(this.current);
      this.current = to;
      this.next = undefined;
      to.enteredS = this.nowS();
      this.addExternals(to);
      this.doActions(to.init);
      this.doActions(to.body);
    }
  }

  private doActions(actions: readonly Action[]): void {
    for (const a of actions) {
      if (!this.active) return;
      if (a.kind === "run") this.runAction(a.command);
      else if (a.kind === "set-state") this.next = this.program!.states.get(a.state);
      else if (isTrue(a.condition, this.links)) this.doActions(a.actions);
    }
  }

  private exec(command: string): CommandResult {
    return runCommand(command, this.target, this.options.commands);
  }

  /** `run`: system(3), synchronous. */
  private runAction(command: string): void {
    const result = this.exec(command);
    this.engine.emit({ type: "ifstated.run", host: this.host, command, status: result.status });
    if (result.error !== undefined) this.emitError(command, result.error);
  }

  /** One run of an external test; its result is traced at protocol level, a new error at state level. */
  private runTest(test: ExternalTest): number {
    const result = this.exec(test.command);
    if (this.engine.tracesProtocol) this.engine.emit({ type: "ifstated.run", host: this.host, command: test.command, status: result.status }, "protocol");
    if (result.error !== undefined && result.error !== test.lastError) this.emitError(test.command, result.error);
    test.lastError = result.error;
    return result.status;
  }

  /** external_evtimer_setup(ADD): run each test once now (its status counts at once), then every N s. */
  private addExternals(st: StateProgram): void {
    const byPeriod = new Map<number, ExternalTest[]>();
    for (const test of st.externals) {
      test.finished = undefined;
      test.prevStatus = this.runTest(test);
      const group = byPeriod.get(test.everyS);
      if (group) group.push(test);
      else byPeriod.set(test.everyS, [test]);
    }
    for (const [everyS, tests] of byPeriod) this.armTimer(everyS, tests);
  }

  private deleteExternals(st: StateProgram): void {
    for (const test of st.externals) {
      test.timer?.cancel();
      test.timer = undefined;
      test.finished = undefined; // a running child is killed and its status dropped
    }
  }

  /**
   * external_handler(): re-arm, then run asynchronously; the status is looked at by the SIGCHLD
   * handler. Tests of a state with the same period are armed together at the state's entry, so
   * their timers fire at the same instants: one engine event runs them all, then reaps them.
   */
  private armTimer(everyS: number, tests: readonly ExternalTest[]): void {
    const generation = this.generation;
    const timer = this.engine.after(seconds(everyS), () => {
      if (generation !== this.generation) return;
      this.armTimer(everyS, tests);
      for (const test of tests) test.finished = this.runTest(test);
      this.scheduleReap();
    });
    for (const test of tests) test.timer = timer;
  }

  /** Children that exit at the same moment are reaped by one SIGCHLD handler run. */
  private scheduleReap(): void {
    if (this.reapPending) return;
    this.reapPending = true;
    const generation = this.generation;
    this.engine.after(0, () => {
      if (generation !== this.generation) return;
      this.reapPending = false;
      this.checkExternalStatus(this.program!.always);
      if (this.active && this.current) this.checkExternalStatus(this.current);
    });
  }

  /** check_external_status(): take finished runs into account; re-evaluate when a status changed. */
  private checkExternalStatus(st: StateProgram): void {
    let changed = false;
    const waiting: ExternalTest[] = [];
    const reaped: ExternalTest[] = [];
    for (const test of st.externals) {
      const status = test.finished;
      if (status === undefined) {
        waiting.push(test);
        continue;
      }
      test.finished = undefined;
      if (test.prevStatus !== status) {
        changed = true;
        test.prevStatus = status;
      }
      test.lastExecS = this.nowS();
      reaped.push(test);
    }
    st.externals = [...waiting, ...reaped];
    if (changed) this.evalState(st);
  }

  private emitError(command: string, message: string): void {
    this.engine.emit({ type: "ifstated.error", host: this.host, command, message });
  }
}
