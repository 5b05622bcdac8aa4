// `lab validate [FILE] [--json] [--strict]`: schema and semantic checks, exit 2 when invalid.

import { checkLab } from "../../app/open-lab.js";
import { EXIT, type ExitCode } from "../../app/errors.js";
import type { CliIo } from "../io.js";
import { countLabel, diagnosticsJson, formatDiagnostics } from "../report.js";

export interface ValidateOptions {
  readonly json?: boolean;
  readonly strict?: boolean;
}

export async function validateCommand(file: string | undefined, options: ValidateOptions, io: CliIo): Promise<ExitCode> {
  const checked = await checkLab(file, io.cwd);
  const errors = checked.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = checked.diagnostics.length - errors;
  const valid = checked.valid && !(options.strict && warnings > 0);
  if (options.json) {
    io.out(JSON.stringify({ file: checked.source.display, valid, errors, warnings, diagnostics: diagnosticsJson(checked.diagnostics) }, null, 2));
  } else {
    if (checked.diagnostics.length) io.err(formatDiagnostics(checked.diagnostics) + "\n");
    const spec = checked.spec;
    const summary = spec
      ? `${spec.name}: ${countLabel(spec.hosts.length, "host")}, ${countLabel(spec.networks.length, "network")}, ${countLabel(spec.carp?.length ?? 0, "CARP group")}`
      : "";
    if (valid) io.out(`${checked.source.display}: valid (${summary}${warnings ? `; ${countLabel(warnings, "warning")}` : ""})`);
    else io.err(`${checked.source.display}: invalid (${countLabel(errors, "error")}, ${countLabel(warnings, "warning")}${options.strict && checked.valid ? "; --strict counts warnings" : ""})`);
  }
  return valid ? EXIT.ok : EXIT.invalidLab;
}
