// Varnish's backend probe: a shift register of the last `window` results, healthy while at least
// `threshold` of them were good; probes start every `interval`, each failing after `timeout`.

import type { Engine } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { ResolvedServiceOf } from "../../model/types.js";
import type { ProbeResult } from "./types.js";

export type VarnishHealth = "healthy" | "sick";

export interface VarnishProbeConfig {
  readonly host: string;
  readonly backend: string;
  readonly intervalS: number;
  readonly timeoutS: number;
  readonly window: number;
  readonly threshold: number;
  /** Good probes assumed at start; Varnish's default is threshold - 1 (starts sick, one good probe heals). */
  readonly initial?: number;
}

/** The generated default.vcl's probe: backend "haproxy1" with the model's probe values. */
export function varnishProbeConfig(host: string, service: ResolvedServiceOf<"varnish">, backend = "haproxy1"): VarnishProbeConfig {
  return { host, backend, ...service.probe };
}

export class VarnishProbe {
  /** Bit i set = the probe i polls ago was good (bit 0 = newest); Varnish keeps 64 bits. */
  private register = 0n;
  private healthValue: VarnishHealth;
  private probes = 0;
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    readonly config: VarnishProbeConfig,
    private readonly probe: () => ProbeResult,
    private readonly onChange?: (to: VarnishHealth) => void,
  ) {
    if (!(config.window >= 1 && config.window <= 64)) throw new Error("varnish .window must be 1..64");
    if (!(config.threshold >= 1 && config.threshold <= config.window)) throw new Error("varnish .threshold must be 1..window");
    const initial = config.initial ?? config.threshold - 1;
    for (let i = 0; i < initial; i++) this.register = (this.register << 1n) | 1n;
    this.healthValue = this.goodInWindow() >= config.threshold ? "healthy" : "sick";
    // The first poll is due as soon as the VCL is loaded and the probe enabled.
    this.engine.after(0, () => this.poll());
  }

  /** varnishd exited: the probe thread is gone. */
  stop(): void {
    this.stopped = true;
  }

  get health(): VarnishHealth {
    return this.healthValue;
  }

  get healthy(): boolean {
    return this.healthValue === "healthy";
  }

  /** Good probes among the last `window` (what varnishadm backend.list shows as e.g. 3/8). */
  goodInWindow(): number {
    let n = 0;
    for (let i = 0; i < this.config.window; i++) if ((this.register >> BigInt(i)) & 1n) n++;
    return n;
  }

  get polls(): number {
    return this.probes;
  }

  // vbp_thread: the next poll is due `interval` after this one started, whatever it took.
  private poll(): void {
    if (this.stopped) return;
    const intervalUs: Micros = seconds(this.config.intervalS);
    this.engine.after(intervalUs, () => this.poll());
    const result = this.probe();
    if (result === "timeout") this.engine.after(seconds(this.config.timeoutS), () => this.record(false));
    else this.record(result === "ok");
  }

  private record(good: boolean): void {
    if (this.stopped) return;
    this.probes++;
    this.register = ((this.register << 1n) | (good ? 1n : 0n)) & ((1n << 64n) - 1n);
    const next: VarnishHealth = this.goodInWindow() >= this.config.threshold ? "healthy" : "sick";
    if (next === this.healthValue) return;
    const from = this.healthValue;
    this.healthValue = next;
    this.engine.emit({ type: "varnish.backend", host: this.config.host, backend: this.config.backend, from, to: next });
    this.onChange?.(next);
  }
}
