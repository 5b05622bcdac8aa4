// Menu entries as data: what the entry says and the effect choosing it has. The controller carries
// out effects; menus never call the lab themselves.

import type { Line } from "../text/line.js";
import type { EventFilter } from "./events.js";

export type MenuEffect =
  | { readonly kind: "inject"; readonly text: string }
  | { readonly kind: "heal"; readonly texts: readonly string[] }
  | { readonly kind: "filter"; readonly filter: EventFilter };

export interface MenuEntry {
  readonly label: Line;
  readonly effect: MenuEffect;
}

export type MenuKind = "fault" | "heal" | "filter";
