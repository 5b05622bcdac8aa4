// The console's keys, as one table: the controller dispatches from it, and the help screen and the
// key bar are generated from it, so they cannot disagree.

export type Action =
  | "host-prev" | "host-next" | "fault-menu" | "heal-menu" | "filter-menu" | "help"
  | "pause" | "step" | "speed-1x" | "speed-10x" | "speed-100x"
  | "menu-up" | "menu-down" | "choose" | "close" | "quit";

/** Where a key works: the main screen, an open menu, the help screen. */
export type Scope = "main" | "menu" | "help";

export interface KeyBinding {
  /** blessed key names ("up", "enter", "C-c", "?"). */
  readonly keys: readonly string[];
  readonly action: Action;
  readonly scopes: readonly Scope[];
  readonly help: string;
  /** Text in the key bar at the bottom of the main screen, if any. */
  readonly bar?: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ["up", "k"], action: "host-prev", scopes: ["main"], help: "select the previous host", bar: "↑↓ host" },
  { keys: ["down", "j"], action: "host-next", scopes: ["main"], help: "select the next host" },
  { keys: ["f", "enter"], action: "fault-menu", scopes: ["main"], help: "fault menu of the selected host (its power, NICs, LAGGs, services, disks)", bar: "f fault" },
  { keys: ["h"], action: "heal-menu", scopes: ["main"], help: "heal: the faults in force, to undo", bar: "h heal" },
  { keys: ["e"], action: "filter-menu", scopes: ["main"], help: "filter the event log (host, kind, severity)", bar: "e filter" },
  { keys: ["space", "p"], action: "pause", scopes: ["main"], help: "pause or resume the simulated clock", bar: "spc pause" },
  { keys: ["s", "."], action: "step", scopes: ["main"], help: "run the next event (while paused)", bar: "s step" },
  { keys: ["1"], action: "speed-1x", scopes: ["main"], help: "real time (1x)", bar: "1-3 speed" },
  { keys: ["2"], action: "speed-10x", scopes: ["main"], help: "10 times real time (10x)" },
  { keys: ["3"], action: "speed-100x", scopes: ["main"], help: "100 times real time (100x)" },
  { keys: ["?", "f1"], action: "help", scopes: ["main"], help: "this help", bar: "? help" },
  { keys: ["up", "k"], action: "menu-up", scopes: ["menu"], help: "previous entry" },
  { keys: ["down", "j"], action: "menu-down", scopes: ["menu"], help: "next entry" },
  { keys: ["enter", "space"], action: "choose", scopes: ["menu"], help: "do it" },
  { keys: ["escape", "q", "?"], action: "close", scopes: ["menu", "help"], help: "close" },
  { keys: ["q"], action: "quit", scopes: ["main"], help: "quit the console (the lab keeps running; `lab console` re-attaches)", bar: "q quit" },
  { keys: ["C-c"], action: "quit", scopes: ["main", "menu", "help"], help: "quit the console from anywhere" },
];

/** The action of a key in a scope (the first binding that matches), or undefined. */
export function actionFor(key: string, scope: Scope, keymap: readonly KeyBinding[] = KEYMAP): Action | undefined {
  return keymap.find((b) => b.scopes.includes(scope) && b.keys.includes(key))?.action;
}

const KEY_LABEL: Readonly<Record<string, string>> = { up: "↑", down: "↓", enter: "Enter", escape: "Esc", space: "Space", "C-c": "Ctrl-C", f1: "F1" };

export function keyLabel(key: string): string {
  return KEY_LABEL[key] ?? key;
}
