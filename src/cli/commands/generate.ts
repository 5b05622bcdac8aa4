// `lab generate [FILE] --out DIR [--release 14.2|8.1] [--provider virtualbox|libvirt|bhyve] [--dry-run]`:
// every file an admin would deploy, written from the resolved lab through the pure generators.

import { relative } from "node:path";
import { resolve as resolvePath } from "node:path";
import { EXIT, type ExitCode } from "../../app/errors.js";
import { openLab } from "../../app/open-lab.js";
import { planArtifacts, writeArtifacts, type PlannedFile } from "../../app/write-artifacts.js";
import type { Provider } from "../../generate/context.js";
import { generateLab } from "../../generate/index.js";
import type { Release } from "../../model/types.js";
import type { CliIo } from "../io.js";
import { countLabel, formatDiagnostics } from "../report.js";

export interface GenerateCommandOptions {
  readonly out: string;
  readonly release?: Release;
  readonly provider: Provider;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

function summary(plan: readonly PlannedFile[]): string {
  const count = (c: PlannedFile["change"]) => plan.filter((p) => p.change === c).length;
  return `${countLabel(plan.length, "file")}: ${count("create")} new, ${count("update")} changed, ${count("unchanged")} unchanged`;
}

export async function generateCommand(file: string | undefined, options: GenerateCommandOptions, io: CliIo): Promise<ExitCode> {
  const { lab, warnings, source } = await openLab(file, io.cwd, {
    persistSecrets: !options.dryRun,
    ...(options.release ? { release: options.release } : {}),
  });
  if (warnings.length && !options.json) io.err(formatDiagnostics(warnings) + "\n");
  const artifacts = generateLab(lab, { provider: options.provider });
  const outDir = resolvePath(io.cwd, options.out);
  const plan = options.dryRun ? planArtifacts(outDir, artifacts) : writeArtifacts(outDir, artifacts);
  const shownOut = relative(io.cwd, outDir) || ".";
  if (options.json) {
    io.out(JSON.stringify({ lab: lab.name, source: source.display, release: lab.release, provider: options.provider, out: shownOut, dryRun: !!options.dryRun,
      files: plan.map((p) => ({ path: p.path, change: p.change, mode: p.mode.toString(8), bytes: p.bytes })) }, null, 2));
  } else {
    if (options.dryRun) for (const p of plan) if (p.change !== "unchanged") io.out(`${p.change.padEnd(7)} ${p.path}`);
    io.out(`${options.dryRun ? "would write" : "wrote"} ${shownOut}/ for ${lab.name} (FreeBSD ${lab.release}, ${options.provider}): ${summary(plan)}`);
    if (!options.dryRun) io.out(`secrets: ${relative(io.cwd, resolvePath(source.baseDir, ".lab/secrets.json"))} (files carrying them are mode 0600)`);
  }
  return EXIT.ok;
}
