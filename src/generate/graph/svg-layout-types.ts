// Geometry types of the SVG layout: boxes, laid-out nodes, clusters and edges, before and after routing.

import type { TierId } from "./graph-types.js";
import type { NodeContent } from "./svg-node-content.js";
import type { DrawnEdge } from "./svg-edges.js";

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box; x and y are the top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutNode extends Box {
  readonly id: string;
  readonly tier: TierId;
  readonly content: NodeContent;
}

export interface LaidOutCluster extends Box {
  readonly id: TierId;
  readonly label: string;
}

export interface LaidOutEdge {
  readonly edge: DrawnEdge;
  readonly points: readonly Point[];
  /** Where the label's box sits (absent for unlabelled edges). */
  readonly label?: Box;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LaidOutNode[];
  readonly clusters: readonly LaidOutCluster[];
  readonly edges: readonly LaidOutEdge[];
}

/** An edge as dagre routed it, before ports are chosen: `interior` are its bend points left to right. */
export interface RawRoute {
  readonly edge: DrawnEdge;
  /** True when dagre routed it from `to` to `from` (the edge points leftwards). */
  readonly reversed: boolean;
  readonly interior: readonly Point[];
  readonly label?: Box;
}

export interface RawLayout {
  readonly nodes: readonly LaidOutNode[];
  readonly clusters: readonly LaidOutCluster[];
  readonly routes: readonly RawRoute[];
}
