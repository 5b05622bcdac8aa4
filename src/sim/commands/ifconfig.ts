// ifconfig(8) against a simulated host, the parameters ifstated configs use: `up`/`down`,
// `vhid N`, `advskew S` and `state master|backup` (14.x: `ifconfig lagg0 vhid 1 state backup`;
// 8.1: `ifconfig carp0 advskew 240`). Ranges as FreeBSD checks them: vhid 1-255, advskew 0-254.
// Anything else (addresses, advbase, pass, showing an interface) is refused as not simulated.

import type { CommandTarget } from "../host-api.js";
import { fail, notSimulated, ok, type CommandResult } from "./types.js";

const NUMBER = /^\d+$/;

interface Request {
  vhid?: number;
  advskew?: number;
  state?: "master" | "backup";
  admin?: boolean;
}

function parseParams(params: readonly string[]): Request | CommandResult {
  const req: Request = {};
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === "up" || p === "down") {
      req.admin = p === "up";
      continue;
    }
    if (p !== "vhid" && p !== "advskew" && p !== "state") return notSimulated(`ifconfig parameter '${p}'`);
    const value = params[++i];
    if (value === undefined) return fail(1, `ifconfig: ${p}: missing argument`);
    if (p === "state") {
      const s = value.toLowerCase();
      if (s !== "master" && s !== "backup") return fail(1, `ifconfig: unknown state '${value}' (master or backup)`);
      req.state = s;
    } else if (!NUMBER.test(value)) {
      return fail(1, `ifconfig: ${p} ${value}: not a number`);
    } else if (p === "vhid") {
      req.vhid = Number(value);
      if (req.vhid < 1 || req.vhid > 255) return fail(1, "ifconfig: vhid must be greater than 0 and less than 256");
    } else {
      req.advskew = Number(value);
      if (req.advskew > 254) return fail(1, "ifconfig: SIOCSVH: Invalid argument (advskew 0-254)");
    }
  }
  return req;
}

export function runIfconfig(args: readonly string[], target: CommandTarget): CommandResult {
  const [iface, ...params] = args;
  if (iface === undefined || iface.startsWith("-")) return notSimulated(`ifconfig ${args.join(" ")}`.trim());
  if (params.length === 0) return notSimulated(`showing an interface (ifconfig ${iface})`);
  const req = parseParams(params);
  if ("status" in req) return req;
  const missing = (what: string) => fail(1, `ifconfig: ${what}: no such interface or vhid on ${target.hostName}`);
  if (req.state !== undefined && req.vhid === undefined) return fail(1, "ifconfig: state requires vhid");
  if (req.vhid !== undefined && req.state === undefined && req.advskew === undefined) {
    return notSimulated(`ifconfig ${iface} vhid ${req.vhid} without advskew or state`);
  }
  if (req.admin !== undefined && !target.setInterfaceAdmin(iface, req.admin)) return missing(iface);
  if (req.advskew !== undefined && !target.setAdvskew(iface, req.vhid, req.advskew)) {
    return missing(req.vhid === undefined ? iface : `${iface} vhid ${req.vhid}`);
  }
  if (req.state !== undefined && !target.setCarpState(iface, req.vhid!, req.state)) return missing(`${iface} vhid ${req.vhid}`);
  return ok();
}
