// Builds /usr/local/etc/ifstated.conf as an ifstated AST (formatted by formats/ifstated, so it
// round-trips by construction). Proxies: any web service down or a LAGG down demotes CARP, undone
// when all are back (14.x: net.inet.carp.demotion +/-240; 8.1: carpN advskew 240 / back, plus
// carpN.link logging). Database hosts: becoming CARP master promotes MySQL, losing it fences it
// (14.x: an external `carp-state.sh IF VHID every 1` test, 8.1: carpN.link.up), and mysqld not
// answering on its port demotes CARP until it is back. Other hosts: none.

import type { IfstatedAction, IfstatedConfig, IfstatedEntry, IfstatedExpr } from "../../formats/ifstated/ast.js";
import { and, external, link, macroRef, not, or, run, setState, state, when } from "../../formats/ifstated/ast.js";
import { formatIfstatedExpr } from "../../formats/ifstated/format.js";
import { safeToken } from "../../lib/shell.js";
import type { ResolvedCarpMembership, ResolvedHost, ResolvedLab, ServiceKind } from "../../model/types.js";
import { IFSTATED_CONF, SCRIPT } from "../paths.js";
import { headerLines } from "./header.js";
import { carpInterface81, runsService } from "./host-lookup.js";

/** How often the proxies probe their services, and the db hosts their CARP state (seconds). */
export const SERVICE_CHECK_EVERY_S = 5;
export const CARP_CHECK_EVERY_S = 1;
/** What ifstated adds to net.inet.carp.demotion on a failure (the largest effective skew). */
export const DEMOTION = 240;

const WEB_SERVICES: readonly ServiceKind[] = ["nginx", "varnish", "haproxy"];

/** A command for `run` or an external test: every word must be a safe token (no shell syntax). */
function command(...words: (string | number)[]): string {
  return words.map((w) => safeToken(String(w), "ifstated command word")).join(" ");
}

/** ifstated pastes macro text: the value is parenthesized so it is one term wherever it is used. */
function macro(name: string, expr: IfstatedExpr): IfstatedEntry {
  return { kind: "macro", name, value: `( ${formatIfstatedExpr(expr)} )` };
}

const comment = (text: string): IfstatedEntry => ({ kind: "comment", text });

function webTests(host: ResolvedHost): IfstatedExpr[] {
  return host.services
    .filter((s) => WEB_SERVICES.includes(s.kind) && s.ports.length > 0)
    .map((s) => {
      const address = s.bindAddress === "0.0.0.0" ? [] : [s.bindAddress];
      return external(command(SCRIPT.checkPort, s.ports[0]!, ...address), SERVICE_CHECK_EVERY_S);
    });
}

/** Demote/undo actions: 14.x moves the host-wide demotion, 8.1 raises each carpN's advskew. */
function demotion(lab: ResolvedLab, host: ResolvedHost): { demote: IfstatedAction[]; restore: IfstatedAction[] } {
  if (lab.release === "8.1") {
    return {
      demote: host.carp.map((m) => run(command("ifconfig", carpInterface81(host, m), "advskew", DEMOTION))),
      restore: host.carp.map((m) => run(command("ifconfig", carpInterface81(host, m), "advskew", m.advskew))),
    };
  }
  return {
    demote: [run(command("sysctl", `net.inet.carp.demotion=${DEMOTION}`))],
    restore: [run(command("sysctl", `net.inet.carp.demotion=-${DEMOTION}`))],
  };
}

/** 8.1: log MASTER/BACKUP changes of each carpN (its link state) as the talk's era did. */
function carpLogging(host: ResolvedHost): IfstatedEntry[] {
  return host.carp.flatMap((m) => {
    const carp = carpInterface81(host, m);
    const what = [carp, m.group, "vhid", m.vhid];
    return [
      { kind: "action", action: when(link(carp, "up"), run(command("logger", "-t", "ifstated", ...what, "is", "MASTER"))) },
      { kind: "action", action: when(link(carp, "down"), run(command("logger", "-t", "ifstated", ...what, "is", "BACKUP"))) },
    ] satisfies IfstatedEntry[];
  });
}

function proxyConfig(lab: ResolvedLab, host: ResolvedHost): IfstatedEntry[] {
  const tests = webTests(host);
  const links = host.laggs.map((l) => link(l.name, "up"));
  const macros: IfstatedEntry[] = [];
  const healthy: IfstatedExpr[] = [];
  if (tests.length > 0) {
    macros.push(comment(`Web services answer on their ports (${SCRIPT.checkPort}, every ${SERVICE_CHECK_EVERY_S} s)`), macro("web_ok", and(...tests)));
    healthy.push(macroRef("web_ok"));
  }
  if (links.length > 0) {
    macros.push(comment("Every LAGG has link (a LAGG is up while one of its ports is)"), macro("links_ok", and(...links)));
    healthy.push(macroRef("links_ok"));
  }
  if (healthy.length === 0) return [];
  const { demote, restore } = demotion(lab, host);
  const what = lab.release === "8.1" ? `advskew ${DEMOTION} on ${host.carp.map((m) => carpInterface81(host, m)).join(", ")}` : `net.inet.carp.demotion +${DEMOTION}`;
  return [
    ...macros,
    { kind: "init-state", state: "primary" },
    ...(lab.release === "8.1" ? [comment("carpN link state is the CARP state on 8.x: up = MASTER, down = BACKUP"), ...carpLogging(host)] : []),
    comment(`Healthy: keep the configured priority. Any service or LAGG down: demote (${what}) so the peer takes the VIP`),
    state("primary", [when(or(...healthy.map(not)), ...demote, setState("demoted"))]),
    comment("Demoted until everything is back, then undo exactly what was done"),
    state("demoted", [when(and(...healthy), ...restore, setState("primary"))], [run(command("logger", "-t", "ifstated", "CARP", "demoted:", "a", "web", "service", "or", "a", "LAGG", "is", "down"))]),
  ];
}

/** The CARP test of a database host: MASTER of the pair's vhid. */
function masterTest(lab: ResolvedLab, host: ResolvedHost, m: ResolvedCarpMembership): IfstatedExpr {
  if (lab.release === "8.1") return link(carpInterface81(host, m), "up");
  return external(command(SCRIPT.carpState, m.interface, m.vhid), CARP_CHECK_EVERY_S);
}

function dbConfig(lab: ResolvedLab, host: ResolvedHost): IfstatedEntry[] {
  const pair = lab.mysql.find((p) => p.master === host.name || p.replica === host.name);
  const membership = pair && host.carp.find((m) => m.group === pair.carp);
  if (!pair || !membership) return [];
  const how = lab.release === "8.1"
    ? `${carpInterface81(host, membership)}.link.up (carpN is up while MASTER on 8.x)`
    : `${SCRIPT.carpState} (ifconfig ${membership.interface} shows "carp: MASTER vhid ${membership.vhid}"; 14.x has no carpN interface), every ${CARP_CHECK_EVERY_S} s`;
  const { demote } = demotion(lab, host);
  const what = lab.release === "8.1" ? `advskew ${DEMOTION} on ${carpInterface81(host, membership)}` : `net.inet.carp.demotion +${DEMOTION}`;
  const clear = lab.release === "8.1" ? `ifconfig ${carpInterface81(host, membership)} advskew ${membership.advskew}` : `sysctl net.inet.carp.demotion=-${DEMOTION}`;
  // mysqld down: demote so the peer (preempt on) takes the VIP and promotes itself; a host whose
  // mysqld is down must not hold or take the VIP either. Unlike a proxy, a database stays demoted
  // once mysqld is back: it follows the new master as a replica, and failing back (which leaves the
  // other server to be re-pointed) is an operator's decision.
  const mysqldDown = when(not(macroRef("mysql_ok")), ...demote, setState("mysqld_down"));
  return [
    comment(`MASTER of vhid ${membership.vhid} (${pair.carp}, VIP ${pair.vip}) on ${membership.interface}: ${how}`),
    macro("carp_master", masterTest(lab, host, membership)),
    comment(`mysqld answers on its port (${SCRIPT.checkPort} ${pair.port}, every ${CARP_CHECK_EVERY_S} s, as often as the CARP test:`),
    comment("ifstated evaluates a state only once its least recently run test has run since the state was entered,"),
    comment("so a slower test here would hide a CARP change in the first seconds of a state)"),
    macro("mysql_ok", external(command(SCRIPT.checkPort, pair.port), CARP_CHECK_EVERY_S)),
    { kind: "init-state", state: "startup" },
    comment("Learn the CARP state once, then follow it"),
    state("startup", [when(macroRef("carp_master"), setState("master")), when(not(macroRef("carp_master")), setState("backup"))]),
    comment("Became MASTER: promote this MySQL to the writable source"),
    state("master", [when(not(macroRef("carp_master")), setState("backup")), mysqldDown], [run(command(SCRIPT.mysqlPromote))]),
    comment("Not MASTER (BACKUP or INIT): fence this MySQL read_only"),
    state("backup", [when(macroRef("carp_master"), setState("master")), mysqldDown], [run(command(SCRIPT.mysqlFence))]),
    comment(`mysqld down: demoted (${what}); once it answers again it follows CARP afresh, still demoted (fenced, a replica of the new master)`),
    comment(`Fail back by hand once replication has caught up: ${clear}`),
    state("mysqld_down", [when(macroRef("mysql_ok"), run(command("logger", "-t", "ifstated", "mysqld", "is", "back:", "stays", "demoted", "until", "an", "operator", "fails", "back")), setState("startup"))],
      [run(command("logger", "-t", "ifstated", "CARP", "demoted:", "mysqld", "is", "down"))]),
  ];
}

/** The host's ifstated.conf, or undefined when it runs no ifstated (app and storage hosts). */
export function buildIfstatedConfig(lab: ResolvedLab, host: ResolvedHost): IfstatedConfig | undefined {
  if (!runsService(host, "ifstated")) return undefined;
  const body = runsService(host, "mysql") ? dbConfig(lab, host) : proxyConfig(lab, host);
  if (body.length === 0) return undefined;
  const purpose = runsService(host, "mysql") ? "promote or fence MySQL when CARP mastership changes" : "demote CARP when a web service or a LAGG fails";
  return { entries: [...headerLines(lab, host, IFSTATED_CONF, purpose).map(comment), ...body] };
}
