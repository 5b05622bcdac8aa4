// The simulated command layer: runs a command line the way `sh -c` on the host would, for the
// commands ifstated's configs use (sysctl, ifconfig, logger, true/false, sh -c, the lab's check
// scripts and hooks), against a CommandTarget. Anything else exits 127 with an error, never 0.

import { SCRIPT } from "../../generate/paths.js";
import type { CommandTarget } from "../host-api.js";
import { runIfconfig } from "./ifconfig.js";
import { bindCarpState, bindCheckPort, DEFAULT_HOOKS, runCarpState, runCheckPort, runHook } from "./lab-scripts.js";
import { runLogger } from "./logger.js";
import { parseShell, type AndOrList, type ShellParse, type SimpleCommand } from "./shell-parse.js";
import { runSysctl } from "./sysctl.js";
import { fail, notSimulated, ok, STATUS_NOT_FOUND, STATUS_USAGE, type CommandContext, type CommandResult } from "./types.js";

type Program = (args: readonly string[], target: CommandTarget, run: Run) => CommandResult;

interface Run {
  readonly ctx: CommandContext;
  readonly depth: number;
}

/** `sh -c` inside `sh -c` deeper than this is refused (a loop guard; no real config nests this far). */
const MAX_DEPTH = 8;

/** Where FreeBSD keeps the system commands a config may name by full path. */
const SYSTEM_DIRS = new Set(["/sbin", "/bin", "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]);

const PROGRAMS: ReadonlyMap<string, Program> = new Map<string, Program>([
  ["sysctl", (args, target) => runSysctl(args, target)],
  ["ifconfig", (args, target) => runIfconfig(args, target)],
  ["logger", (args, target) => runLogger(args, target)],
  ["true", () => ok()],
  [":", () => ok()],
  ["false", () => ({ status: 1, output: "" })],
  ["sh", (args, target, run) => runSh(args, target, run)],
]);

const SCRIPTS: ReadonlyMap<string, Program> = new Map<string, Program>([
  [SCRIPT.checkPort, (args, target) => runCheckPort(args, target)],
  [SCRIPT.carpState, (args, target) => runCarpState(args, target)],
]);

/** `sh -c COMMAND [NAME [ARG...]]` (also /bin/sh): runs COMMAND in a nested shell. */
function runSh(args: readonly string[], target: CommandTarget, run: Run): CommandResult {
  if (args[0] !== "-c") return notSimulated(`sh ${args.join(" ")} (only sh -c COMMAND)`.trim());
  const command = args[1];
  if (command === undefined) return fail(STATUS_USAGE, "sh: -c: option requires an argument");
  if (run.depth >= MAX_DEPTH) return notSimulated(`sh -c nested deeper than ${MAX_DEPTH}`);
  return runLine(command, target, { ctx: run.ctx, depth: run.depth + 1 });
}

function findProgram(name: string, run: Run): Program | undefined {
  const hook = run.ctx.hooks?.get(name) ?? DEFAULT_HOOKS.get(name);
  if (hook !== undefined) return (_args, target) => runHook(hook, target);
  const script = SCRIPTS.get(name);
  if (script) return script;
  const slash = name.lastIndexOf("/");
  if (slash < 0) return PROGRAMS.get(name);
  const dir = name.slice(0, slash) || "/";
  return SYSTEM_DIRS.has(dir) ? PROGRAMS.get(name.slice(slash + 1)) : undefined;
}

interface SplitCommand {
  readonly name: string;
  readonly args: readonly string[];
  readonly assignment: boolean;
  /** The program the name resolves to without extra hooks (null: not found), once looked up. */
  program?: Program | null;
  /** The lab's check scripts with their arguments checked once (null: not one of them). */
  bound?: ((target: CommandTarget) => CommandResult) | null;
}

/** The scripts ifstated runs every second or few: bound to their arguments once. */
const BINDERS: ReadonlyMap<string, (args: readonly string[]) => (target: CommandTarget) => CommandResult> = new Map([
  [SCRIPT.checkPort, bindCheckPort],
  [SCRIPT.carpState, bindCarpState],
]);

// Why: parsed command lines are cached and run every few seconds per host; split each command once.
const splitCommands = new WeakMap<SimpleCommand, SplitCommand>();

function splitCommand(command: SimpleCommand): SplitCommand {
  let split = splitCommands.get(command);
  if (split === undefined) {
    const [name, ...args] = command.words as [string, ...string[]];
    split = { name, args, assignment: /^[A-Za-z_][A-Za-z0-9_]*=/.test(name) };
    splitCommands.set(command, split);
  }
  return split;
}

function runSimple(command: SimpleCommand, target: CommandTarget, run: Run): CommandResult {
  const split = splitCommand(command);
  const result = split.assignment ? notSimulated(`sh: variable assignment '${split.name}'`) : runProgram(split, target, run);
  if (!command.negated && !command.discardOutput) return result;
  const status = command.negated ? (result.status === 0 ? 1 : 0) : result.status;
  const output = command.discardOutput ? "" : result.output;
  return result.error === undefined ? { status, output } : { status, output, error: result.error };
}

// Without hooks in the context (ifstated's periodic tests), a command's program is resolved, and
// the lab's check scripts bound to their arguments, once per parsed command.
function runProgram(split: SplitCommand, target: CommandTarget, run: Run): CommandResult {
  const { name, args } = split;
  let program: Program | undefined;
  if (run.ctx.hooks === undefined) {
    if (split.bound === undefined) split.bound = (DEFAULT_HOOKS.has(name) ? undefined : BINDERS.get(name)?.(args)) ?? null;
    if (split.bound !== null) return split.bound(target);
    if (split.program === undefined) split.program = findProgram(name, run) ?? null;
    program = split.program ?? undefined;
  } else program = findProgram(name, run);
  return program ? program(args, target, run) : fail(STATUS_NOT_FOUND, `sh: ${name}: not found (not a command the simulator models)`);
}

interface Sink {
  output: string;
  readonly errors: string[];
}

function execInto(command: SimpleCommand, target: CommandTarget, run: Run, sink: Sink): number {
  const r = runSimple(command, target, run);
  sink.output += r.output;
  if (r.error !== undefined) sink.errors.push(r.error);
  return r.status;
}

/** sh semantics: `&&` runs the next command after status 0, `||` after non-zero; a list's status is the last run. */
function runList(list: AndOrList, target: CommandTarget, run: Run, sink: Sink): number {
  let status = execInto(list.first, target, run, sink);
  for (const { op, command } of list.rest) {
    if ((op === "&&") === (status === 0)) status = execInto(command, target, run, sink);
  }
  return status;
}

/** Parsed command lines: ifstated runs the same few commands every few seconds. */
const parseCache = new Map<string, ShellParse>();
const PARSE_CACHE_MAX = 1024;

function parseCached(line: string): ShellParse {
  let parsed = parseCache.get(line);
  if (parsed === undefined) {
    if (parseCache.size >= PARSE_CACHE_MAX) parseCache.clear();
    parsed = parseShell(line);
    parseCache.set(line, parsed);
  }
  return parsed;
}

function runLine(line: string, target: CommandTarget, run: Run): CommandResult {
  const parsed = parseCached(line);
  if (!parsed.ok) return fail(parsed.syntax ? STATUS_USAGE : STATUS_NOT_FOUND, parsed.message);
  const lists = parsed.lists;
  // A single command: its own result is what the sink below would collect.
  if (lists.length === 1 && lists[0]!.rest.length === 0) return runSimple(lists[0]!.first, target, run);
  const sink: Sink = { output: "", errors: [] };
  let status = 0;
  for (const list of parsed.lists) status = runList(list, target, run, sink);
  return sink.errors.length > 0 ? { status, output: sink.output, error: sink.errors.join("; ") } : { status, output: sink.output };
}

const NO_CONTEXT_RUN: Run = { ctx: {}, depth: 0 };

/** Runs `commandLine` as `/bin/sh -c commandLine` on the simulated host `target`. */
export function runCommand(commandLine: string, target: CommandTarget, ctx?: CommandContext): CommandResult {
  return runLine(commandLine, target, ctx === undefined ? NO_CONTEXT_RUN : { ctx, depth: 0 });
}
