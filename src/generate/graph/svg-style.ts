// Colours and stroke styles of the SVG, one table so the drawing and its legend agree.

import type { DrawnEdge } from "./svg-edges.js";

export interface EdgeStyle {
  readonly stroke: string;
  readonly widthPx: number;
  readonly dash?: string;
  readonly legend: string;
}

export const EDGE_STYLES: Readonly<Record<DrawnEdge["kind"], EdgeStyle>> = {
  request: { stroke: "#1f2933", widthPx: 1.6, legend: "request path" },
  carp: { stroke: "#d9480f", widthPx: 1.4, legend: "CARP VIP held by member" },
  replication: { stroke: "#6741d9", widthPx: 1.6, dash: "7 4", legend: "replication" },
  storage: { stroke: "#0b7285", widthPx: 1.4, dash: "3 3", legend: "storage (NFS, iSCSI)" },
};

export const COLORS = {
  background: "#ffffff",
  clusterFill: "#f3f5f8",
  clusterStroke: "#c3cad3",
  hostFill: "#ffffff",
  hostStroke: "#52606d",
  vipFill: "#fff4e6",
  vipStroke: "#d9480f",
  badgeFill: "#d9480f",
  clientsFill: "#e7f5ff",
  clientsStroke: "#1971c2",
  labelFill: "#ffffff",
} as const;
