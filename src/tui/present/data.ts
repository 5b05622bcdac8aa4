// The data panel: each MySQL pair (role, read_only, IO/SQL threads, lag of every server) and each
// storage pair (pool states, failed disks, newest snapshot, RPO and whether replication is running).

import type { ClusterView } from "../../sim/view.js";
import type { DbServerView, StoragePairView } from "../../sim/services/types.js";
import { seg, type Line } from "../text/line.js";
import { dbRoleColor, poolColor, threadColor } from "./colors.js";
import { pad, panelOf, titleLine } from "./panel.js";
import { ageOf } from "./time.js";

/** One server; `wide` adds where it replicates from and its binlog position. */
export function dbServerRow(s: DbServerView, wide = false): Line {
  const row: Line = [
    seg(`${s.host} `, { bold: true }),
    seg(pad(s.role, 8), { fg: dbRoleColor(s.role), bold: s.role === "source" }),
    seg(s.readOnly ? "ro " : "rw ", { fg: s.readOnly ? "gray" : "green" }),
  ];
  if (s.process !== "running") return [...row, seg(`mysqld ${s.process}`, { fg: "red", bold: true })];
  const extra: Line = wide ? [seg(`${s.source ? `  from ${s.source}` : ""}  binlog ${s.binlogPosition}`, { fg: "gray" })] : [];
  if (s.io === undefined) return [...row, ...extra];
  const lag = s.secondsBehind === undefined || s.secondsBehind === null ? "NULL" : `${s.secondsBehind}s`;
  // Lag first: it is what a narrow screen must not cut.
  return [
    ...row,
    seg("lag:"), seg(lag, { fg: lag === "NULL" ? "red" : s.secondsBehind === 0 ? "green" : "yellow" }),
    seg(" IO:"), seg(s.io, { fg: threadColor(s.io) }),
    seg(" SQL:"), seg(s.sql ?? "No", { fg: threadColor(s.sql) }),
    ...extra,
  ];
}

function storageRows(view: ClusterView, pair: StoragePairView): Line[] {
  const poolOf = (host: string) => view.storage.pools.find((p) => p.host === host);
  const state = (host: string): Line => {
    const p = poolOf(host);
    return p ? [seg(`${host} `), seg(p.state, { fg: poolColor(p.state), bold: p.state !== "ONLINE" })] : [seg(`${host} ?`, { fg: "gray" })];
  };
  const rows: Line[] = [[seg(`${pair.pair} `, { bold: true }), ...state(pair.primary), seg(" -> "), ...state(pair.replica)]];
  const rpo: Line = pair.rpoS === undefined ? [seg("RPO -", { fg: "gray" })] : [seg("RPO "), seg(ageOf(pair.rpoS), { bold: true })];
  rows.push([seg("  "), ...rpo, seg(pair.replicating ? " replicating" : "", { fg: "cyan" }), seg(pair.newestSnapshot ? `  last ${pair.newestSnapshot}` : "  no snapshot yet", { fg: "gray" })]);
  for (const host of [pair.primary, pair.replica]) {
    const p = poolOf(host);
    if (p && p.failedDisks.length > 0) rows.push([seg(`  failed on ${host}: `), seg(p.failedDisks.join(" "), { fg: "red", bold: true })]);
    if (p?.scan) rows.push([seg(`  ${host}: ${p.scan}`, { fg: "gray" })]);
  }
  return rows;
}

export function dataLines(view: ClusterView, width: number, height: number): Line[] {
  const rows: Line[] = [];
  for (const pair of view.databases) {
    rows.push(...pair.servers.map((s) => dbServerRow(s, width >= 60)));
  }
  for (const pair of view.storage.pairs) rows.push(...storageRows(view, pair));
  const dbNames = view.databases.map((d) => `mysql ${d.pair}${d.semiSync ? " semi-sync" : ""}`);
  const title = titleLine("DATA", [seg([...dbNames, ...view.storage.pairs.map((p) => `zfs ${p.pair}`)].join(" · "), { fg: "gray" })]);
  if (rows.length === 0) rows.push([seg("no MySQL or storage pairs in this lab", { fg: "gray" })]);
  return panelOf(title, rows, width, height);
}
