// The console's own state, apart from the lab's: the selected host, the open overlay, the event
// filter, the faults in force as seen from events, the last speed answer and the last message.

import type { SpeedCommand } from "./source.js";
import { NO_FILTER, type EventFilter } from "./present/events.js";
import type { LastFault } from "./present/failover.js";
import type { ActiveFaults } from "./present/heal-menu.js";
import type { MenuKind } from "./present/menu.js";

export type Overlay = { readonly kind: "none" } | { readonly kind: "help" } | { readonly kind: "menu"; readonly menu: MenuKind; readonly index: number };

export interface UiState {
  readonly selectedHost?: string;
  readonly overlay: Overlay;
  readonly filter: EventFilter;
  readonly activeFaults: ActiveFaults;
  readonly lastFault?: LastFault;
  /** Takeovers the user has had time to see; newer ones are highlighted (undefined until the first view). */
  readonly failoversSeen?: number;
  /** From the lab's last answer to a speed command (undefined until the first one). */
  readonly speed?: { readonly speed: number; readonly paused: boolean };
  readonly message?: { readonly text: string; readonly ok: boolean };
}

export const INITIAL_UI_STATE: UiState = { overlay: { kind: "none" }, filter: NO_FILTER, activeFaults: [] };

/** What the controller must do for the lab after a key. */
export type Effect =
  | { readonly kind: "inject"; readonly text: string }
  | { readonly kind: "heal"; readonly texts: readonly string[] }
  | { readonly kind: "speed"; readonly command: SpeedCommand }
  | { readonly kind: "quit" };
