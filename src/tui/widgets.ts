// The blessed side: one box per panel and a bordered overlay box, filled from a ScreenRender. Boxes
// move only when the layout changes and the screen is drawn only when some content changed.

import blessed from "blessed";
import { tagsOf } from "./text/line.js";
import type { Rect } from "./present/layout.js";
import type { ScreenRender } from "./present/screen.js";

interface Shown {
  readonly box: blessed.Widgets.BoxElement;
  rect?: Rect;
  content?: string;
}

function sameRect(a: Rect | undefined, b: Rect): boolean {
  return a !== undefined && a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;
}

export class Widgets {
  private readonly panels = new Map<string, Shown>();
  private readonly overlay: Shown;
  private overlayTitle = "";
  /** Times the screen was drawn. */
  draws = 0;

  constructor(readonly screen: blessed.Widgets.Screen) {
    this.overlay = { box: blessed.box({ parent: screen, hidden: true, tags: true, wrap: false, border: { type: "line" }, style: { border: { fg: "yellow" } } }) };
  }

  private place(shown: Shown, rect: Rect): boolean {
    if (sameRect(shown.rect, rect)) return false;
    // The setters (not the position object) make blessed clear the box's old place.
    shown.box.left = rect.left;
    shown.box.top = rect.top;
    shown.box.width = rect.width;
    shown.box.height = rect.height;
    shown.rect = rect;
    return true;
  }

  private fill(shown: Shown, content: string): boolean {
    if (shown.content === content) return false;
    shown.box.setContent(content);
    shown.content = content;
    return true;
  }

  private panel(name: string): Shown {
    let shown = this.panels.get(name);
    if (!shown) {
      shown = { box: blessed.box({ parent: this.screen, tags: true, wrap: false }) };
      this.panels.set(name, shown);
    }
    return shown;
  }

  /** Copies a render into the widgets; draws (and returns true) only when something changed. */
  show(render: ScreenRender, force = false): boolean {
    let changed = force;
    const seen = new Set<string>();
    for (const p of render.panels) {
      seen.add(p.name);
      const shown = this.panel(p.name);
      if (shown.box.hidden) {
        shown.box.show();
        changed = true;
      }
      changed = this.place(shown, p.rect) || changed;
      changed = this.fill(shown, p.lines.map(tagsOf).join("\n")) || changed;
    }
    for (const [name, shown] of this.panels) {
      if (!seen.has(name) && !shown.box.hidden) {
        shown.box.hide();
        changed = true;
      }
    }
    changed = this.showOverlay(render) || changed;
    if (changed) {
      this.screen.render();
      this.draws++;
    }
    return changed;
  }

  private showOverlay(render: ScreenRender): boolean {
    const o = render.overlay;
    const box = this.overlay.box;
    if (!o) {
      if (box.hidden) return false;
      box.hide();
      return true;
    }
    let changed = false;
    if (box.hidden) {
      box.show();
      box.setFront();
      changed = true;
    }
    if (this.overlayTitle !== o.title) {
      box.setLabel(` ${o.title} `);
      this.overlayTitle = o.title;
      changed = true;
    }
    changed = this.place(this.overlay, o.rect) || changed;
    return this.fill(this.overlay, o.lines.map(tagsOf).join("\n")) || changed;
  }

  /** Forget positions so the next show() places and draws everything again (after a resize). */
  invalidate(): void {
    for (const shown of [...this.panels.values(), this.overlay]) {
      shown.rect = undefined;
      shown.content = undefined;
    }
  }
}
