// logger(1): `logger [-is] [-p PRI] [-t TAG] [--] MESSAGE...` -> target.log(tag, message). The default
// tag is the login name, root for ifstated's commands.

import type { CommandTarget } from "../host-api.js";
import { fail, notSimulated, ok, type CommandResult } from "./types.js";

const DEFAULT_TAG = "root";

export function runLogger(args: readonly string[], target: CommandTarget): CommandResult {
  let tag = DEFAULT_TAG;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "-t" || a === "-p") {
      const value = args[++i];
      if (value === undefined) return fail(1, `logger: option requires an argument -- ${a.slice(1)}`);
      if (a === "-t") tag = value;
    } else if (/^-[is]+$/.test(a)) {
      continue;
    } else {
      return notSimulated(`logger option '${a}'`);
    }
  }
  const message = args.slice(i).join(" ");
  if (message !== "") target.log(tag, message);
  return ok();
}
