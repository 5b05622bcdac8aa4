// `lab graph [FILE] --format ascii|dot|mermaid|svg [-o FILE]`: a picture of the lab.

import { writeFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { openLab } from "../../app/open-lab.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from "../../generate/graph/index.js";
import type { CliIo } from "../io.js";

export interface GraphOptions {
  readonly format: string;
  readonly output?: string;
}

export async function graphCommand(file: string | undefined, options: GraphOptions, io: CliIo): Promise<ExitCode> {
  if (!(GRAPH_FORMATS as readonly string[]).includes(options.format)) {
    throw new LabError(`--format ${options.format}: unknown format`, EXIT.usage, `use one of: ${GRAPH_FORMATS.join(", ")}`);
  }
  const { lab } = await openLab(file, io.cwd, { persistSecrets: false });
  const text = renderGraph(lab, options.format as GraphFormat);
  if (!options.output || options.output === "-") {
    io.out(text);
    return EXIT.ok;
  }
  const path = resolvePath(io.cwd, options.output);
  try {
    writeFileSync(path, text.endsWith("\n") ? text : text + "\n");
  } catch (e) {
    throw new LabError(`${options.output}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.io,
      "check that the directory exists and is writable");
  }
  io.err(`wrote ${options.output} (${options.format}, ${text.length} bytes)`);
  return EXIT.ok;
}
