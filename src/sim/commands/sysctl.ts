// sysctl(8) against a simulated host: `sysctl [-nq] NAME[=VALUE] ...`. Writing goes through
// target.sysctl (net.inet.carp.demotion ADDS the value on FreeBSD 10+, the target knows that) and
// prints "NAME: OLD -> NEW" as FreeBSD's sysctl does; reading prints "NAME: VALUE" (-n: the value).

import type { CommandTarget } from "../host-api.js";
import { fail, notSimulated, type CommandResult } from "./types.js";

const INTEGER = /^[+-]?\d+$/;

export function runSysctl(args: readonly string[], target: CommandTarget): CommandResult {
  let valuesOnly = false;
  let rest = [...args];
  while (rest[0]?.startsWith("-") && rest[0] !== "-") {
    const flags = rest.shift()!.slice(1);
    for (const f of flags) {
      if (f === "n") valuesOnly = true;
      else if (f === "q") continue; // quiet: the simulator still reports an unknown oid as an error
      else return notSimulated(`sysctl -${f}`);
    }
  }
  if (rest.length === 0) return fail(1, "usage: sysctl [-nq] name[=value] ...");
  let status = 0;
  let output = "";
  const errors: string[] = [];
  for (const arg of rest) {
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const old = target.readSysctl(name);
    if (old === undefined) {
      status = 1;
      errors.push(`sysctl: unknown oid '${name}'`);
      continue;
    }
    const prefix = valuesOnly ? "" : `${name}: `;
    if (eq < 0) {
      output += `${prefix}${old}\n`;
      continue;
    }
    const text = arg.slice(eq + 1);
    if (!INTEGER.test(text)) {
      status = 1;
      errors.push(`sysctl: invalid integer '${text}'`);
      continue;
    }
    if (!target.sysctl(name, Number(text))) {
      status = 1;
      errors.push(`sysctl: ${name}=${text}: Invalid argument`);
      continue;
    }
    output += `${prefix}${old} -> ${target.readSysctl(name) ?? "?"}\n`;
  }
  return errors.length > 0 ? { status, output, error: errors.join("; ") } : { status, output };
}
