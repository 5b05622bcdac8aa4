// Frames between hosts on a segment: dropped at once when the sender's interface is down, the path is
// partitioned or cut, or the segment's loss says so; otherwise delivered after the segment's latency
// (plus any extra delay), if the receiver's interface still passes traffic then.

import type { Engine } from "../engine/engine.js";
import type { PathPolicy } from "./path-policy.js";
import type { Segment } from "./segment.js";

export interface FrameHost {
  readonly hostName: string;
  interfaceUp(iface: string): boolean;
}

export class FrameBus {
  constructor(private readonly engine: Engine, readonly policy: PathPolicy, private readonly segments: ReadonlyMap<string, Segment>) {}

  segment(network: string): Segment {
    const s = this.segments.get(network);
    if (!s) throw new Error(`no network ${network}`);
    return s;
  }

  /**
   * The transit time of a frame that leaves now, or -1 when it is dropped at once; the caller
   * schedules the arrival and checks the receiver's interface then (one closure per frame).
   */
  transitUs(segment: Segment, fromUp: boolean, from: string, to: string): number {
    if (!fromUp) return -1;
    if (this.policy.blocked(from, to) !== undefined) return -1;
    if (segment.drops(this.engine.random)) return -1;
    return segment.transitUs();
  }

  /** True when the frame left (it may still find the receiver down on arrival). */
  send(network: string, from: FrameHost, fromIface: string, to: FrameHost, toIface: string, deliver: () => void): boolean {
    if (!from.interfaceUp(fromIface)) return false;
    if (this.policy.blocked(from.hostName, to.hostName) !== undefined) return false;
    const segment = this.segment(network);
    if (segment.drops(this.engine.random)) return false;
    this.engine.after(segment.transitUs(), () => {
      if (to.interfaceUp(toIface)) deliver();
    });
    return true;
  }
}
