// HAProxy's per-server health counter (check.c): 0..rise-1 is DOWN, rise..rise+fall-1 is UP.

export type HaproxyServerState = "UP" | "DOWN";

/**
 * A failure decrements and drops to 0 (DOWN) once below rise, so a server that passed its checks
 * (health rise+fall-1) needs `fall` consecutive failures. A success increments and jumps to
 * rise+fall-1 (UP) once at rise, so a DOWN server needs `rise` consecutive successes. HAProxy's default init-state "up" starts a server
 * UP with health == rise: its very first failed check takes it DOWN at once.
 */
export class HealthCounter {
  private healthValue: number;
  private stateValue: HaproxyServerState;

  constructor(
    readonly rise: number,
    readonly fall: number,
    initial: "up" | "down" = "up",
  ) {
    if (!(rise >= 1 && fall >= 1)) throw new Error("rise and fall must be >= 1");
    this.healthValue = initial === "up" ? rise : 0;
    this.stateValue = initial === "up" ? "UP" : "DOWN";
  }

  get state(): HaproxyServerState {
    return this.stateValue;
  }

  get health(): number {
    return this.healthValue;
  }

  /** Records one check result; returns the new state when it changed (set_server_check_status). */
  record(ok: boolean): HaproxyServerState | undefined {
    const full = this.rise + this.fall - 1;
    if (ok) {
      if (this.healthValue < full) {
        this.healthValue++;
        if (this.healthValue >= this.rise) this.healthValue = full;
      }
      if (this.stateValue === "DOWN" && this.healthValue >= this.rise) return (this.stateValue = "UP");
      return undefined;
    }
    if (this.healthValue > 0) {
      this.healthValue--;
      if (this.healthValue < this.rise) this.healthValue = 0;
    }
    if (this.stateValue === "UP" && this.healthValue === 0) return (this.stateValue = "DOWN");
    return undefined;
  }
}
