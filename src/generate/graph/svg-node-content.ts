// What each SVG node box says (host, VIP, clients) and how big the box must be for it.

import type { ClientsNode, HostNode, VipNode } from "./graph-types.js";
import { estimateTextWidth, lineHeightPx } from "./svg-text.js";
import type { TextStyle } from "./svg-text.js";

export interface TextSpan {
  readonly text: string;
  readonly style: TextStyle;
}

/** One line of a node: spans laid out left to right. */
export type TextLine = readonly TextSpan[];

export interface NodeContent {
  readonly shape: "host" | "vip" | "clients";
  readonly lines: readonly TextLine[];
  readonly width: number;
  readonly height: number;
}

export const NODE_PAD_X = 12;
export const NODE_PAD_Y = 9;
export const SPAN_GAP = 8;
const MAX_SERVICE_LINE_CHARS = 34;

export function isBadge(style: TextStyle): boolean {
  return style === "badge" || style === "badgeBackup";
}

export function lineWidth(line: TextLine): number {
  const spans = line.map((s) => estimateTextWidth(s.text, s.style) + (isBadge(s.style) ? 12 : 0));
  return spans.reduce((a, b) => a + b, 0) + SPAN_GAP * Math.max(0, line.length - 1);
}

export function lineHeight(line: TextLine): number {
  return Math.max(...line.map((s) => lineHeightPx(s.style)));
}

function measure(shape: NodeContent["shape"], lines: readonly TextLine[], extraX: number): NodeContent {
  const width = Math.max(...lines.map(lineWidth)) + 2 * NODE_PAD_X + extraX;
  const height = lines.map(lineHeight).reduce((a, b) => a + b, 0) + 2 * NODE_PAD_Y;
  return { shape, lines, width: Math.ceil(width), height: Math.ceil(height) };
}

/** Joins words with " · " into lines of at most `max` characters. */
function wrapWords(words: readonly string[], max: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    const next = current === "" ? word : `${current} · ${word}`;
    if (current !== "" && next.length > max) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current !== "") lines.push(current);
  return lines;
}

export function describeHost(host: HostNode): NodeContent {
  const badges = host.carp.map((c): TextSpan =>
    c.preferred ? { text: `★ ${c.group} master · skew ${c.advskew}`, style: "badge" } : { text: `${c.group} backup · skew ${c.advskew}`, style: "badgeBackup" });
  const title: TextLine = [{ text: host.name, style: "name" }, ...badges];
  const interfaces = host.interfaces.map((i): TextLine => [
    { text: i.bundle, style: "detail" },
    { text: `${i.address} ${i.network}`, style: "muted" },
  ]);
  const listening = host.services.filter((s) => s.ports !== "").map((s) => s.label);
  const plain = host.services.filter((s) => s.ports === "").map((s) => s.label);
  const services = [
    ...wrapWords(listening, MAX_SERVICE_LINE_CHARS).map((t): TextLine => [{ text: t, style: "detail" }]),
    ...wrapWords(plain, MAX_SERVICE_LINE_CHARS).map((t): TextLine => [{ text: t, style: "muted" }]),
  ];
  return measure("host", [title, ...interfaces, ...services], 0);
}

export function describeVip(vip: VipNode): NodeContent {
  const lines: TextLine[] = [
    [{ text: `${vip.group} VIP`, style: "name" }],
    [{ text: `${vip.address}/${vip.prefixLength}`, style: "detail" }],
    [{ text: `CARP vhid ${vip.vhid} · ${vip.network}`, style: "muted" }],
  ];
  return measure("vip", lines, 16);
}

export function describeClients(clients: ClientsNode): NodeContent {
  return measure("clients", [[{ text: clients.label, style: "name" }]], 24);
}
