// Tests that need a system tool (vagrant, packer, haproxy, nginx, varnishd, shellcheck, ruby, mariadbd,
// xmllint...): locally they skip with a loud message when it is missing; under CI they fail, because
// .ci/run must install every tool the tests use.
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";

const cache = new Map<string, boolean>();

export function haveTool(command: string): boolean {
  let found = cache.get(command);
  if (found === undefined) {
    found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
    cache.set(command, found);
  }
  return found;
}

/** describe() that needs `command`: skipped loudly when missing, failing when CI is set. */
export function describeWithTool(commands: string | readonly string[], name: string, body: () => void): void {
  const missing = (typeof commands === "string" ? [commands] : commands).filter((c) => !haveTool(c));
  const command = missing.join(", ");
  if (!missing.length) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      it(`needs ${command}`, () => {
        throw new Error(`${command} is not installed: .ci/run must install it (apt-get install -y ...)`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPED "${name}": ${command} is not installed here (CI installs it and runs these tests) ***\n`);
    describe.skip(name, body);
  }
}


/** Runs a command; returns status and combined output. */
export function runTool(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
  const r = spawnSync(command, [...args], { encoding: "utf8", cwd: options.cwd, env: options.env ?? process.env, input: options.input, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}`, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
