// The lab's own scripts under /usr/local/libexec/lab, interpreted with the semantics their generated
// text documents (src/generate/host/check-scripts.ts): check-port.sh PORT [ADDRESS] exits 0 when
// something accepts TCP there (nc -z, default 127.0.0.1), carp-state.sh IFACE VHID prints
// MASTER/BACKUP/INIT and exits 0 only when MASTER; both exit 2 with a usage line on bad arguments.
// The MySQL promote/fence scripts are named hooks the services model implements (target.runHook).

import { SCRIPT } from "../../generate/paths.js";
import type { CommandTarget } from "../host-api.js";
import { fail, ok, STATUS_USAGE, type CommandResult } from "./types.js";

/** Script path -> hook name (target.runHook). */
export const DEFAULT_HOOKS: ReadonlyMap<string, string> = new Map([
  [SCRIPT.mysqlPromote, "mysql-promote"],
  [SCRIPT.mysqlFence, "mysql-fence"],
]);

const CHECK_PORT_USAGE = fail(STATUS_USAGE, "usage: check-port.sh PORT [ADDRESS]");
const CARP_STATE_USAGE = fail(STATUS_USAGE, "usage: carp-state.sh IFACE VHID");

export function runCheckPort(args: readonly string[], target: CommandTarget): CommandResult {
  return bindCheckPort(args)(target);
}

/** check-port.sh with its arguments checked once: ifstated runs the same line every few seconds. */
export function bindCheckPort(args: readonly string[]): (target: CommandTarget) => CommandResult {
  if (args.length < 1 || args.length > 2) return () => CHECK_PORT_USAGE;
  const [port, address] = args as [string, string | undefined];
  if (!/^\d+$/.test(port)) return () => CHECK_PORT_USAGE;
  if (address !== undefined && !/^[0-9.]+$/.test(address)) return () => CHECK_PORT_USAGE;
  const number = Number(port);
  // nc refuses port 0 and ports above 65535: the script then exits 1
  if (number < 1 || number > 65535) return () => PORT_CLOSED;
  // undefined = the script's default 127.0.0.1: a service listening on the wildcard or loopback
  return (target) => (target.portOpen(number, address) ? PORT_OPEN : PORT_CLOSED);
}

// Shared answers: the check runs every few seconds on every proxy and database host.
const PORT_OPEN: CommandResult = { status: 0, output: "" };
const PORT_CLOSED: CommandResult = { status: 1, output: "" };

/** 14.x: the vhid on IFACE; 8.x: `ifconfig carpN` also shows "carp: STATE vhid N", so carpN falls back to the pseudo-interface. */
function carpStateOf(target: CommandTarget, iface: string, vhid: number): string | undefined {
  return target.carpState(iface, vhid) ?? (/^carp\d+$/.test(iface) ? target.carpState(iface, undefined) : undefined);
}

export function runCarpState(args: readonly string[], target: CommandTarget): CommandResult {
  return bindCarpState(args)(target);
}

const CARP_STATE_RESULTS: Readonly<Record<string, CommandResult>> = {
  MASTER: { status: 0, output: "MASTER\n" },
  BACKUP: { status: 1, output: "BACKUP\n" },
  INIT: { status: 1, output: "INIT\n" },
};

/** carp-state.sh with its arguments checked once. */
export function bindCarpState(args: readonly string[]): (target: CommandTarget) => CommandResult {
  if (args.length !== 2) return () => CARP_STATE_USAGE;
  const [iface, vhid] = args as [string, string];
  if (!/^[a-z0-9]+$/.test(iface) || !/^\d+$/.test(vhid)) return () => CARP_STATE_USAGE;
  const number = Number(vhid);
  return (target) => {
    // no such interface or vhid: ifconfig prints nothing the awk matches, and the script says INIT
    const state = carpStateOf(target, iface, number) ?? "INIT";
    return CARP_STATE_RESULTS[state] ?? { status: 1, output: `${state}\n` };
  };
}

export function runHook(name: string, target: CommandTarget): CommandResult {
  const status = target.runHook(name);
  return status === 0 ? ok() : { status, output: "" };
}
