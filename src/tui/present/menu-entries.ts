// The entries of each menu for the current state and view: faults of the selected host, faults in
// force to heal, event filters.

import type { ClusterView } from "../../sim/view.js";
import type { UiState } from "../ui-state.js";
import { faultMenuEntries } from "./fault-menu.js";
import { filterMenuEntries } from "./filter-menu.js";
import { healMenuEntries } from "./heal-menu.js";
import type { MenuEntry, MenuKind } from "./menu.js";

export function menuEntries(state: UiState, view: ClusterView, menu: MenuKind): MenuEntry[] {
  switch (menu) {
    case "fault": return state.selectedHost === undefined ? [] : faultMenuEntries(view, state.selectedHost);
    case "heal": return healMenuEntries(view, state.activeFaults);
    case "filter": return filterMenuEntries(state.filter, state.selectedHost);
  }
}
