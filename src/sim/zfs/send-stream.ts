// One `zfs send | ssh HOST zfs recv` stream on the engine: its bytes flow at the path's rate (links,
// pools), re-timed when that rate changes. ssh's keepalives notice a dead path (the generated
// zfs-replicate.sh runs ssh with ServerAliveInterval=10 ServerAliveCountMax=3): the stream stalls,
// resumes if the path comes back, and fails after three unanswered keepalives.

import type { Engine, Timer } from "../engine/engine.js";
import { seconds, US_PER_S, type Micros } from "../engine/time.js";

/** ssh -o ServerAliveInterval=10 in the generated zfs-replicate.sh. */
export const SSH_ALIVE_INTERVAL_US: Micros = 10 * US_PER_S;
/** ssh -o ServerAliveCountMax=3: the connection is dropped after three unanswered keepalives. */
export const SSH_ALIVE_COUNT_MAX = 3;

export interface SendStreamOptions {
  readonly bytes: number;
  /** The stream's rate now, bits per second (the slowest of links and pools). */
  readonly rateBitsPerS: () => number;
  /** Do the keepalives get through now? */
  readonly pathUp: () => boolean;
  /** The receiving address, for ssh's message. */
  readonly target: string;
  readonly onDone: () => void;
  readonly onFail: (reason: string) => void;
}

export class SendStream {
  readonly startUs: Micros;
  /** Projected duration at the current rate (the actual one once done). */
  durationUs: Micros = 0;
  private doneBits = 0;
  private progressUs: Micros;
  private rate = 0;
  private stalled = false;
  private misses = 0;
  private finished = false;
  private completion: Timer | undefined;
  private keepalive: Timer | undefined;

  constructor(private readonly engine: Engine, private readonly options: SendStreamOptions) {
    this.startUs = engine.now;
    this.progressUs = engine.now;
    this.setRate(options.rateBitsPerS());
    this.keepalive = engine.after(SSH_ALIVE_INTERVAL_US, () => this.tick());
  }

  get active(): boolean {
    return !this.finished;
  }

  /** Picks up a changed rate (a link fault, a slow disk) from now on. */
  retime(): void {
    if (this.finished || this.stalled) return;
    const rate = this.options.rateBitsPerS();
    if (rate !== this.rate) this.setRate(rate);
  }

  /** The stream is killed (the receiving side was promoted, the sender went down). */
  abort(reason: string): void {
    if (this.finished) return;
    this.finish();
    this.options.onFail(reason);
  }

  private advance(): void {
    const now = this.engine.now;
    this.doneBits = Math.min(this.options.bytes * 8, this.doneBits + (this.rate * (now - this.progressUs)) / US_PER_S);
    this.progressUs = now;
  }

  private setRate(rate: number): void {
    this.advance();
    this.rate = rate;
    this.completion?.cancel();
    this.completion = undefined;
    if (rate <= 0) return;
    const leftUs = seconds((this.options.bytes * 8 - this.doneBits) / rate);
    this.durationUs = this.engine.now - this.startUs + leftUs;
    this.completion = this.engine.after(leftUs, () => this.complete());
  }

  private stall(): void {
    if (this.stalled) return;
    this.setRate(0);
    this.stalled = true;
  }

  private complete(): void {
    this.completion = undefined;
    // the last bytes and zfs recv's exit status still have to cross the path
    if (!this.options.pathUp()) {
      this.stall();
      return;
    }
    this.advance();
    this.durationUs = this.engine.now - this.startUs;
    this.finish();
    this.options.onDone();
  }

  private tick(): void {
    this.keepalive = undefined;
    if (this.finished) return;
    if (this.options.pathUp()) {
      this.misses = 0;
      if (this.stalled) {
        this.stalled = false;
        this.setRate(this.options.rateBitsPerS());
      } else {
        this.retime();
      }
    } else {
      this.stall();
      if (++this.misses >= SSH_ALIVE_COUNT_MAX) {
        this.abort(`Timeout, server ${this.options.target} not responding.`);
        return;
      }
    }
    this.keepalive = this.engine.after(SSH_ALIVE_INTERVAL_US, () => this.tick());
  }

  private finish(): void {
    this.finished = true;
    this.completion?.cancel();
    this.keepalive?.cancel();
    this.completion = undefined;
    this.keepalive = undefined;
  }
}
