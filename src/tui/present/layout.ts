// Where each panel goes for a terminal size: a compact layout that fits 80x24 (extra rows go to the
// event log), and a three-column layout for big terminals with a services panel, a backends panel and
// tall charts. Pure: size in, rectangles out.

export type PanelName = "header" | "topology" | "host" | "services" | "backends" | "data" | "traffic" | "failover" | "events" | "keys";

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export type Layout = Readonly<Partial<Record<PanelName, Rect>>>;

export const WIDE_MIN_COLS = 150;
export const WIDE_MIN_ROWS = 40;

function rect(left: number, top: number, width: number, height: number): Rect {
  return { left, top, width: Math.max(0, width), height: Math.max(0, height) };
}

function compactLayout(cols: number, rows: number): Layout {
  // A one-column gutter between the halves.
  const left = Math.min(cols, Math.max(40, Math.floor(cols * 0.5)));
  const right = cols - left - 1;
  const eventsHeight = Math.max(1, rows - 20);
  return {
    header: rect(0, 0, cols, 1),
    topology: rect(0, 1, left, 12),
    traffic: rect(0, 13, left, 4),
    host: rect(left + 1, 1, right, 9),
    data: rect(left + 1, 10, right, 7),
    failover: rect(0, 17, cols, 2),
    events: rect(0, 19, cols, eventsHeight),
    keys: rect(0, 19 + eventsHeight, cols, 1),
  };
}

function wideLayout(cols: number, rows: number): Layout {
  const a = Math.floor(cols / 3) - 1;
  const b = Math.floor(cols / 3) - 1;
  const c = cols - a - b - 2;
  const upper = Math.floor((rows - 2) * 0.62);
  const failoverTop = 1 + upper;
  const eventsTop = failoverTop + 4;
  return {
    header: rect(0, 0, cols, 1),
    topology: rect(0, 1, a, 14),
    host: rect(0, 15, a, upper - 14),
    services: rect(a + 1, 1, b, 12),
    backends: rect(a + 1, 13, b, upper - 12),
    data: rect(a + b + 2, 1, c, 10),
    traffic: rect(a + b + 2, 11, c, upper - 10),
    failover: rect(0, failoverTop, cols, 4),
    events: rect(0, eventsTop, cols, rows - 1 - eventsTop),
    keys: rect(0, rows - 1, cols, 1),
  };
}

export function layoutFor(cols: number, rows: number): Layout {
  return cols >= WIDE_MIN_COLS && rows >= WIDE_MIN_ROWS ? wideLayout(cols, rows) : compactLayout(cols, rows);
}

/** A box centred on the screen for a menu or the help, `want` rows of content plus its border. */
export function overlayRect(cols: number, rows: number, want: { readonly width: number; readonly height: number }): Rect {
  const width = Math.min(cols, want.width + 2);
  const height = Math.min(rows, want.height + 2);
  return rect(Math.floor((cols - width) / 2), Math.floor((rows - height) / 2), width, height);
}
