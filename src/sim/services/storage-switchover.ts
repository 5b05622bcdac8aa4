// A planned switchover of a storage pair (storage-demote of the primary), as an operator's runbook
// does it without losing a write: snapshot and send the bulk of what the other side lacks while the
// exports keep serving, then unmount the exports (quiesce), take a last snapshot, send that small
// increment, and let the other side become the primary. A failed step leaves the primary as it was.

import type { Engine } from "../engine/engine.js";
import { SendStream } from "../zfs/index.js";
import type { SnapshotSet } from "../zfs/index.js";

export interface SwitchoverSteps {
  /** `zfs snapshot -r` on the sending side now, or why it failed. */
  snapshot(): SnapshotSet | string;
  /** The newest snapshot both sides hold (undefined: the other side needs a full send). */
  common(): SnapshotSet | undefined;
  rateBitsPerS(): number;
  pathUp(): boolean;
  /** The receiving address, for ssh's messages. */
  readonly target: string;
  /** The receiving side rolls back to `from` (`zfs recv -F`) and holds everything up to `to`. */
  receive(from: SnapshotSet | undefined, to: SnapshotSet, bytes: number): void;
  /** The exports are unmounted (true) or back (false). */
  quiesce(on: boolean): void;
  finish(ok: boolean, message: string): void;
}

export class Switchover {
  private stream: SendStream | undefined;
  private done = false;

  constructor(private readonly engine: Engine, private readonly steps: SwitchoverSteps) {}

  get active(): boolean {
    return !this.done;
  }

  start(): void {
    const s1 = this.steps.snapshot();
    if (typeof s1 === "string") return this.end(false, `zfs snapshot failed: ${s1}`);
    const common = this.steps.common();
    this.send(common, s1, () => {
      this.steps.quiesce(true);
      const s2 = this.steps.snapshot();
      if (typeof s2 === "string") return this.end(false, `zfs snapshot failed: ${s2}`);
      this.send(s1, s2, () => this.end(true, `switched over at ${s2.name} (${s1.writtenMarkBytes - (common?.writtenMarkBytes ?? 0)} + ${s2.writtenMarkBytes - s1.writtenMarkBytes} bytes sent)`));
    });
  }

  retime(): void {
    this.stream?.retime();
  }

  abort(reason: string): void {
    this.stream?.abort(reason);
  }

  private send(from: SnapshotSet | undefined, to: SnapshotSet, next: () => void): void {
    const bytes = Math.max(0, to.writtenMarkBytes - (from?.writtenMarkBytes ?? 0));
    this.engine.emit({ type: "zfs.switchover", phase: "send", target: this.steps.target, from: from?.name ?? null, to: to.name, bytes });
    this.stream = new SendStream(this.engine, {
      bytes, target: this.steps.target, rateBitsPerS: () => this.steps.rateBitsPerS(), pathUp: () => this.steps.pathUp(),
      onDone: () => {
        this.steps.receive(from, to, bytes);
        next();
      },
      onFail: (reason) => this.end(false, `zfs send ${from ? `-I ${from.name} ` : ""}${to.name} failed: ${reason}`),
    });
  }

  private end(ok: boolean, message: string): void {
    if (this.done) return;
    this.done = true;
    this.steps.quiesce(false);
    this.steps.finish(ok, message);
  }
}
