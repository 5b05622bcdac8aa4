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
  $ lab sim --scenario db-master-crash --json
  $ lab up && lab console                a running lab (background daemon) and its console
  $ lab fault "power-off proxy01"        from any terminal; then lab status, lab events --follow
  $ lab heal "power-off proxy01"         undo it (lab heal alone heals partitions)
  $ lab speed 10x                        or pause, resume, step
  $ lab down                             stop; .lab/session.jsonl is kept
  $ lab replay .lab/session.jsonl        the same run again, headless: same trace hash

Exit codes: 0 ok, 1 internal error, 2 invalid lab, 3 usage error, 4 file error.
Also: 5 no lab is running here (lab status/fault/heal/events/speed/console/down),
6 a scenario expectation failed (lab sim --scenario), 7 another lab is already up here (lab up).
A fault the running lab refuses is a usage error (3); replaying a session with another lab is 2.`;

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
    .option("--seed <n>", "random seed, the same seed gives the same run (default 1, or the scenario's)")
    .option("--duration <time>", "simulated time: 120s, 5m, 24h (default 300s, or the scenario's)")
    .option("--fault <text>", 'a timed fault, repeatable: "30s: power-off proxy01"', (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--scenario <name>", "run a drill from lab/scenarios/NAME.json (or a path): its faults, traffic and expectations")
    .option("--list-scenarios", "list the scenarios and exit")
    .option("--no-traffic", "no client traffic (the services, health checks and replication still run)")
    .addOption(new Option("--events <level>", "state changes only, or also protocol messages (CARP advertisements...)").choices(["state", "all"]).default("state"))
    .addOption(new Option("--release <release>", "FreeBSD release (default: the lab's)").choices(["14.2", "8.1"]))
    .option("--json", "one JSON event a line, then a summary line")
    .action(async (file: string | undefined, opts: {
      seed?: string; duration?: string; fault: string[]; scenario?: string; listScenarios?: boolean; traffic: boolean;
      events: "state" | "all"; release?: "14.2" | "8.1"; json?: boolean;
    }) => setCode(await (await import("./commands/sim.js")).simCommand(file, opts, io)));

  registerLifecycle(program, io, setCode);

  const box = program.command("box").description("Packer box templates (boxes/*.json)");
  box.command("validate")
    .description("check box templates against boxes/box.schema.json before Packer runs (exit 2 when invalid)")
    .argument("[files...]", "templates (default: boxes/*.json)")
    .option("--json", "print diagnostics as JSON")
    .action(async (files: string[], opts: { json?: boolean }) => setCode(await (await import("./commands/box.js")).boxValidateCommand(files, opts, io)));

  return program;
}

const DIR_HELP = "the lab's directory (default: the nearest with a running lab, upwards from here)";

/** The running lab's commands (issue 6): up, status, fault, heal, events, speed, console, down, destroy, replay. */
function registerLifecycle(program: Command, io: CliIo, setCode: (code: ExitCode) => void): void {
  program.command("up")
    .description("start the lab in the background (boot fast-forwarded until every service is healthy), print its addresses")
    .argument("[file]", "Vagrantfile.ts or lab.json")
    .addOption(new Option("--backend <backend>", "what runs the lab").choices(["sim"]).default("sim"))
    .option("--seed <n>", "random seed of the simulator (default 1)")
    .addOption(new Option("--release <release>", "FreeBSD release (default: the lab's)").choices(["14.2", "8.1"]))
    .action(async (file: string | undefined, opts: { backend: string; seed?: string; release?: "14.2" | "8.1" }) =>
      setCode(await (await import("./commands/up.js")).upCommand(file, opts, io)));

  program.command("status")
    .description("the running lab now: hosts by tier, services, VIPs with MASTER/BACKUP, failovers (exit 5 when none runs)")
    .option("--json", "the cluster view as JSON, with the daemon's state and trace hash")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (opts: { json?: boolean; dir?: string }) => setCode(await (await import("./commands/status.js")).statusCommand(opts, io)));

  program.command("fault")
    .description('inject a fault now, e.g. "power-off proxy01" (checked against the lab first: exit 3 when refused)')
    .argument("<fault...>", 'the fault, e.g. "power-off proxy01" or "service-crash proxy01 nginx"')
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (words: string[], opts: { dir?: string }) => setCode(await (await import("./commands/fault.js")).faultCommand(words, opts, io)));

  program.command("heal")
    .description('undo a fault ("power-off proxy01" -> power-on); alone: heal every partition')
    .argument("[fault...]", "the fault to undo")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (words: string[], opts: { dir?: string }) => setCode(await (await import("./commands/heal.js")).healCommand(words, opts, io)));

  program.command("events")
    .description("recent events of the running lab; --follow for the live ones until Ctrl-C")
    .option("-f, --follow", "keep printing new events")
    .option("--json", "one JSON event a line")
    .option("-n, --lines <n>", "how many recent events (at most 2000)", "50")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (opts: { follow?: boolean; json?: boolean; lines: string; dir?: string }) => setCode(await (await import("./commands/events.js")).eventsCommand(opts, io)));

  program.command("speed")
    .description("simulated time against the wall clock: 10x, 0.5x (0.1x-1000x), pause, resume, step (one event while paused)")
    .argument("<speed>", "10x | pause | resume | step")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (speed: string, opts: { dir?: string }) => setCode(await (await import("./commands/speed.js")).speedCommand(speed, opts, io)));

  program.command("console")
    .description("the fault-injection console on this terminal; quitting leaves the lab running")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (opts: { dir?: string }) => setCode(await (await import("./commands/console.js")).consoleCommand(opts, io)));

  program.command("down")
    .description("stop the running lab; the session record .lab/session.jsonl is kept")
    .option("--json", "print the final time and trace hash as JSON")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (opts: { json?: boolean; dir?: string }) => setCode(await (await import("./commands/down.js")).downCommand(opts, io)));

  program.command("destroy")
    .description("stop the lab and remove its daemon state, log and session records (keeps the lab file and .lab/secrets.json)")
    .option("-C, --dir <dir>", DIR_HELP)
    .action(async (opts: { dir?: string }) => setCode(await (await import("./commands/destroy.js")).destroyCommand(opts, io)));

  program.command("replay")
    .description("re-run a recorded session headless and print its trace hash (equal to the live one)")
    .argument("<session>", "a session record, e.g. .lab/session.jsonl or a copy of it")
    .option("--json", "the trace hash and the run's summary as JSON")
    .option("--lab <file>", "the lab file to use instead of the one recorded (its hash must match)")
    .action(async (file: string, opts: { json?: boolean; lab?: string }) => setCode(await (await import("./commands/replay.js")).replayCommand(file, opts, io)));
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
