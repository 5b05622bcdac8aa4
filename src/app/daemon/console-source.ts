// The console's data source over the daemon's socket (the shape of src/tui/source.ts ConsoleSource,
// which the app layer cannot import: the CLI hands this object to the console). Commands answer
// {ok, message} instead of throwing, so the console shows a refused fault with its hint.

import type { BackendEvent, SpeedCommand } from "../../backends/index.js";
import type { ClusterView } from "../../sim/view.js";
import { DaemonError, type DaemonClient } from "./client.js";

export interface SourceAnswer {
  readonly ok: boolean;
  readonly message: string;
}

/** Events the console's log starts with when it attaches. */
export const CONSOLE_BACKLOG = 200;

function refusal(e: unknown): SourceAnswer {
  if (e instanceof DaemonError) {
    const where = e.error.pointer ? ` (at ${e.error.pointer})` : "";
    return { ok: false, message: `${e.error.message}${where}${e.error.hint ? `; ${e.error.hint}` : ""}` };
  }
  return { ok: false, message: (e as Error).message };
}

export class DaemonConsoleSource {
  private readonly listeners: ((e: BackendEvent) => void)[] = [];
  private following = false;

  constructor(private readonly client: DaemonClient) {}

  view(): Promise<ClusterView> {
    return this.client.request("status").then((r) => r.view);
  }

  events(listener: (e: BackendEvent) => void): () => void {
    this.listeners.push(listener);
    if (!this.following) {
      this.following = true;
      // Live events can arrive before the backlog's answer is handled: they wait so the order is kept.
      let pending: BackendEvent[] | undefined = [];
      void this.client.stream("events", { follow: true, limit: CONSOLE_BACKLOG }, (line) => {
        if (line.stream !== "event") return;
        if (pending) pending.push(line.event);
        else this.deliver(line.event);
      }).then((r) => {
        const live = pending ?? [];
        pending = undefined;
        for (const e of [...r.events, ...live]) this.deliver(e);
      }, () => {
        // The connection closed: view() reports it on the next poll.
      });
    }
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  inject(faultText: string): Promise<SourceAnswer> {
    return this.client.request("fault", { text: faultText }).then((r) => ({ ok: true, message: r.message }), refusal);
  }

  heal(faultText: string): Promise<SourceAnswer> {
    return this.client.request("heal", { text: faultText }).then((r) => ({ ok: true, message: r.message }), refusal);
  }

  speed(command: SpeedCommand): Promise<SourceAnswer & { readonly speed: number; readonly paused: boolean }> {
    return this.client.request("speed", { command }).then(
      (r) => ({ ok: true, message: r.message, speed: r.speed, paused: r.paused }),
      async (e: unknown) => {
        const state = await this.client.request("ping").catch(() => undefined);
        return { ...refusal(e), speed: state?.speed ?? 1, paused: state?.paused ?? false };
      },
    );
  }

  close(): void {
    this.listeners.length = 0;
    this.client.close();
  }

  private deliver(e: BackendEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
