// Errors the commands report to a person: a message naming the place and the fix, and the exit code
// (documented in the README). Anything else reaching the CLI entry is an internal error (exit 1).

import type { Diagnostic } from "../model/diagnostics.js";

export const EXIT = {
  ok: 0,
  internal: 1,
  invalidLab: 2,
  usage: 3,
  io: 4,
  /** No lab is running in this directory (never started, stopped, or its daemon died). */
  noLab: 5,
  /** A scenario ran but one of its expectations failed (`lab sim --scenario`). */
  expectationFailed: 6,
  /** `lab up`: a different lab (file, seed, release or backend) is already running in this directory. */
  alreadyUp: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class LabError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = "LabError";
  }
}
