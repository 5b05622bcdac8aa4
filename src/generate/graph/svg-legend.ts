// The SVG's legend below the drawing: edge styles, the VIP shape, networks and the request chains.

import { describeChain } from "./graph-chains.js";
import type { LabGraph } from "./graph-types.js";
import { EDGE_STYLES, COLORS } from "./svg-style.js";
import type { EdgeStyle } from "./svg-style.js";
import { baselineIn, renderRect, renderText } from "./svg-elements.js";
import { FONT_STYLES, estimateTextWidth, px } from "./svg-text.js";

export interface Legend {
  readonly width: number;
  readonly height: number;
  readonly render: (x: number, y: number) => string;
}

const ROW = 22;
const SAMPLE = 36;
const ITEM_GAP = 26;

function chainText(graph: LabGraph): string[] {
  return graph.chains.map((c) => `chain ${c.name}: ${describeChain(c)}`);
}

/** "host:app01" -> "app01". */
function nameOf(id: string): string {
  return id.slice(id.indexOf(":") + 1);
}

/** One line per consumer: "app01 mounts from stor01: NFS tank/solr → /var/db/solr, ...". */
function storageText(graph: LabGraph): string[] {
  const byPair = new Map<string, string[]>();
  for (const e of graph.edges.filter((x) => x.kind === "storage")) {
    const key = `${nameOf(e.to)} mounts from ${nameOf(e.from)}`;
    byPair.set(key, [...(byPair.get(key) ?? []), e.label]);
  }
  return [...byPair].map(([pair, labels]) => `${pair}: ${labels.join(", ")}`);
}

function sampleLine(x: number, y: number, style: EdgeStyle, marker: string): string {
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : "";
  return `<path d="M${px(x)},${px(y)} L${px(x + SAMPLE)},${px(y)}" stroke="${style.stroke}" stroke-width="${px(style.widthPx)}"${dash} fill="none" marker-end="url(#${marker})"/>`;
}

export function buildLegend(graph: LabGraph, markerOf: (kind: keyof typeof EDGE_STYLES) => string): Legend {
  const kinds = Object.keys(EDGE_STYLES) as (keyof typeof EDGE_STYLES)[];
  const itemWidths = kinds.map((k) => SAMPLE + 8 + estimateTextWidth(EDGE_STYLES[k].legend, "legend"));
  const vipLabel = "VIP (★ preferred master: lowest advskew)";
  const keyRowWidth = itemWidths.reduce((a, b) => a + b + ITEM_GAP, 0) + 44 + estimateTextWidth(vipLabel, "legend");
  const networks = `networks: ${graph.networks.map((n) => `${n.name} ${n.cidr}`).join(" · ")}`;
  const textRows = [networks, ...chainText(graph), ...storageText(graph)];
  const width = Math.max(keyRowWidth, ...textRows.map((t) => estimateTextWidth(t, "legend")));
  const height = ROW * (1 + textRows.length);
  const render = (x: number, y: number): string => {
    const out: string[] = [`<g id="legend">`];
    const mid = y + ROW / 2;
    const base = y + baselineIn(ROW, FONT_STYLES.legend.sizePx);
    let cx = x;
    kinds.forEach((k, i) => {
      out.push(sampleLine(cx, mid, EDGE_STYLES[k], markerOf(k)));
      out.push(renderText(cx + SAMPLE + 8, base, EDGE_STYLES[k].legend, "legend"));
      cx += (itemWidths[i] ?? 0) + ITEM_GAP;
    });
    out.push(renderRect(cx, mid - 8, 36, 16, { fill: COLORS.vipFill, stroke: COLORS.vipStroke, strokeWidth: 2, radius: 8 }));
    out.push(renderText(cx + 44, base, vipLabel, "legend"));
    textRows.forEach((t, i) => out.push(renderText(x, base + ROW * (i + 1), t, "legend")));
    out.push("</g>");
    return out.join("\n");
  };
  return { width, height, render };
}
