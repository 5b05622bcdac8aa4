// What a simulated command returns and what the caller may tune: the command layer's vocabulary.

/** Exit status, standard output, and a diagnostic when something is wrong (stderr, or "not simulated"). */
export interface CommandResult {
  readonly status: number;
  readonly output: string;
  /** Set when a real sh or tool would complain (unknown command, usage, unknown oid...) or the simulator cannot model the command. */
  readonly error?: string;
}

export interface CommandContext {
  /** More script paths run as named hooks (path -> name for target.runHook), besides DEFAULT_HOOKS (the MySQL promote/fence scripts). */
  readonly hooks?: ReadonlyMap<string, string>;
}

/** sh's status for a command it cannot find; the simulator also uses it for shell it does not model. */
export const STATUS_NOT_FOUND = 127;
/** sh's status for a syntax error, and the usage status of the lab's scripts. */
export const STATUS_USAGE = 2;

export const ok = (output = ""): CommandResult => ({ status: 0, output });
export const fail = (status: number, error: string, output = ""): CommandResult => ({ status, output, error });
export const notSimulated = (what: string): CommandResult => fail(STATUS_NOT_FOUND, `${what} (not simulated: the command layer refuses what it cannot model)`);
