// `lab box validate [FILE...] [--json]`: checks Packer box templates (default: every boxes/*.json)
// against boxes/box.schema.json and their {{user `...`}} references; exit 2 when one is invalid,
// 4 when a file is missing.

import { checkBoxFile, defaultBoxFiles, type BoxCheck } from "../../app/check-box.js";
import { EXIT, type ExitCode } from "../../app/errors.js";
import type { CliIo } from "../io.js";
import { countLabel, diagnosticsJson, formatDiagnostics } from "../report.js";

export interface BoxValidateOptions {
  readonly json?: boolean;
}

/** "2 builders: libvirt, virtualbox" for the summary line of a valid template. */
function summary(check: BoxCheck): string {
  const builders = (check.document as { builders?: { name?: string; type?: string }[] } | undefined)?.builders ?? [];
  return `${countLabel(builders.length, "builder")}: ${builders.map((b) => b.name ?? b.type).join(", ")}`;
}

export async function boxValidateCommand(files: string[], options: BoxValidateOptions, io: CliIo): Promise<ExitCode> {
  const names = files.length ? files : defaultBoxFiles(io.cwd);
  const checks = names.map((f) => checkBoxFile(f, io.cwd));
  const valid = checks.every((c) => c.valid);
  if (options.json) {
    io.out(JSON.stringify({
      valid,
      files: checks.map((c) => {
        const errors = c.diagnostics.filter((d) => d.severity === "error").length;
        return { file: c.file, valid: c.valid, errors, warnings: c.diagnostics.length - errors, diagnostics: diagnosticsJson(c.diagnostics) };
      }),
    }, null, 2));
  } else {
    for (const c of checks) {
      const errors = c.diagnostics.filter((d) => d.severity === "error").length;
      const warnings = c.diagnostics.length - errors;
      if (c.diagnostics.length) io.err(formatDiagnostics(c.diagnostics) + "\n");
      if (c.valid) io.out(`${c.file}: valid (${summary(c)}${warnings ? `; ${countLabel(warnings, "warning")}` : ""})`);
      else io.err(`${c.file}: invalid (${countLabel(errors, "error")}, ${countLabel(warnings, "warning")})`);
    }
  }
  return valid ? EXIT.ok : EXIT.invalidLab;
}
