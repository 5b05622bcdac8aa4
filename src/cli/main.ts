// The `lab` command line: commander wiring, one file per command under commands/, and the one place
// where errors become messages and exit codes (README "Exit codes"). No stack traces for users;
// LAB_DEBUG=1 shows them for internal errors. Commands are imported when run, so each loads only
// what it needs (start-up time is part of every command's speed).

import { Command, CommanderError, Option } from "commander";
import { EXIT, LabError, type ExitCode } from "../app/errors.js";
import { type CliIo, processIo } from "./io.js";
import { formatDiagnostics } from "./report.js";

const EXAMPLES = `
FILE is a Vagrantfile.ts (TypeScript, the builder API) or a lab.json; it defaults to
./Vagrantfile.ts, else the built-in reference lab of the talk.

Examples:
  $ lab validate                         check ./Vagrantfile.ts (or the reference lab)
  $ lab validate labs/mine.json --json   machine-readable diagnostics
  $ lab show                             hosts, addresses, VIPs, services, disks
  $ lab show --json | jq '.hosts[].name'
  $ lab graph --format svg -o lab.svg    a picture of the cluster
  $ lab graph --format mermaid           paste into Markdown
  $ lab generate --out build             Vagrantfile, bhyve templates, hosts/<host>/... configs
  $ lab generate --out build --release 8.1 --provider bhyve --dry-run
  $ lab box validate                     check boxes/*.json before running packer
  $ lab sim --seed 1 --duration 120s --fault "30s: power-off proxy01" --json
  $ lab sim --fault "20s: service-stop proxy01 nginx" --fault "60s: heal service-stop proxy01 nginx"

Exit codes: 0 ok, 1 internal error, 2 invalid lab, 3 usage error, 4 file error.`;

function buildProgram(io: CliIo, setCode: (code: ExitCode) => void): Command {
  const program = new Command("lab")
    .description("Speed Daemons lab: the eight-host FreeBSD HA cluster of BSDCan 2011, modelled, generated and simulated")
    .version("0.1.0")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText("after", EXAMPLES);

  program.command("validate")
    .description("check a lab against the schema and the semantic rules (exit 2 when invalid)")
    .argument("[file]", "Vagrantfile.ts or lab.json")
    .option("--json", "print diagnostics as JSON")
    .option("--strict", "treat warnings as errors")
    .action(async (file: string | undefined, opts: { json?: boolean; strict?: boolean }) => setCode(await (await import("./commands/validate.js")).validateCommand(file, opts, io)));

  program.command("show")
    .description("list hosts, addresses, VIPs, services and disks of the resolved lab")
    .argument("[file]", "Vagrantfile.ts or lab.json")
    .option("--json", "print the resolved lab as JSON (secrets excluded)")
    .action(async (file: string | undefined, opts: { json?: boolean }) => setCode(await (await import("./commands/show.js")).showCommand(file, opts, io)));

  program.command("graph")
    .description("draw the lab: tiers left to right, LAGG bundles, VIPs, storage and replication links")
    .argument("[file]", "Vagrantfile.ts or lab.json")
    .addOption(new Option("-f, --format <format>", "output format").choices(["ascii", "dot", "mermaid", "svg"]).default("ascii"))
    .option("-o, --output <file>", "write to a file instead of standard output")
    .action(async (file: string | undefined, opts: { format: string; output?: string }) => setCode(await (await import("./commands/graph.js")).graphCommand(file, opts, io)));

  program.command("generate")
    .description("write the Vagrantfile, vm-bhyve templates and every host's FreeBSD configs, scripts and provision.sh")
    .argument("[file]", "Vagrantfile.ts or lab.json")
    .requiredOption("-o, --out <dir>", "output directory (files the lab did not generate are left alone)")
    .addOption(new Option("--release <release>", "FreeBSD release (default: the lab's)").choices(["14.2", "8.1"]))
    .addOption(new Option("--provider <provider>", "VM provider the files are for").choices(["virtualbox", "libvirt", "bhyve"]).default("virtualbox"))
    .option("--dry-run", "print what would be created or changed, write nothing")
    .option("--json", "print the plan as JSON")
    .action(async (file: string | undefined, opts: { out: string; release?: "14.2" | "8.1"; provider: "virtualbox" | "libvirt" | "bhyve"; dryRun?: boolean; json?: boolean }) =>
      setCode(await (await import("./commands/generate.js")).generateCommand(file, opts, io)));

  program.command("sim")
    .description("run the simulator headless: seeded, fast-forward, faults at given times; events then a summary")
    .argument("[file]", "Vagrantfile.ts or lab.json")
    .option("--seed <n>", "random seed (the same seed gives the same run)", "1")
    .option("--duration <time>", "simulated time: 120s, 5m, 24h", "300s")
    .option("--fault <text>", 'a timed fault, repeatable: "30s: power-off proxy01"', (v: string, all: string[]) => [...all, v], [] as string[])
    .addOption(new Option("--events <level>", "state changes only, or also protocol messages (CARP advertisements...)").choices(["state", "all"]).default("state"))
    .addOption(new Option("--release <release>", "FreeBSD release (default: the lab's)").choices(["14.2", "8.1"]))
    .option("--json", "one JSON event a line, then a summary line")
    .action(async (file: string | undefined, opts: { seed: string; duration: string; fault: string[]; events: "state" | "all"; release?: "14.2" | "8.1"; json?: boolean }) =>
      setCode(await (await import("./commands/sim.js")).simCommand(file, opts, io)));

  const box = program.command("box").description("Packer box templates (boxes/*.json)");
  box.command("validate")
    .description("check box templates against boxes/box.schema.json before Packer runs (exit 2 when invalid)")
    .argument("[files...]", "templates (default: boxes/*.json)")
    .option("--json", "print diagnostics as JSON")
    .action(async (files: string[], opts: { json?: boolean }) => setCode(await (await import("./commands/box.js")).boxValidateCommand(files, opts, io)));

  return program;
}

/** Runs the CLI with argv (without node and script) and returns the exit code; never throws. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...args], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      if (e.code === "commander.executeSubCommandAsync") return EXIT.internal;
      io.err("run `lab --help` for the commands and options");
      return EXIT.usage;
    }
    if (e instanceof LabError) {
      if (e.diagnostics.length) io.err(formatDiagnostics(e.diagnostics) + "\n");
      io.err(`lab: ${e.message}`);
      if (e.hint) io.err(`hint: ${e.hint}`);
      return e.exitCode;
    }
    const err = e as Error;
    io.err(`lab: internal error: ${err?.message ?? String(e)}`);
    io.err(process.env.LAB_DEBUG ? String(err?.stack) : "this is a bug in lab; rerun with LAB_DEBUG=1 for details and report it");
    return EXIT.internal;
  }
}
