// Connection checks for the request models, asked once per request hop: the world's answer only
// changes when a state event happens (a link, a service, a CARP master, a fault), so each answer is
// kept until the engine's state-event count moves.

import type { Engine } from "../engine/engine.js";
import type { ConnectResult, World } from "../world/world.js";

/** How a failed connection looks to the client: refused at once, or no answer (a timeout). */
export type ConnectFailure = "refused" | "no-answer" | "no-owner";

export class ProbeCache {
  private readonly answers = new Map<string, ConnectResult>();
  private epoch = -1;

  constructor(private readonly engine: Engine, private readonly world: World) {}

  probe(from: string, address: string, port: number): ConnectResult {
    const count = this.engine.stateEventCount;
    if (count !== this.epoch) {
      this.answers.clear();
      this.epoch = count;
    }
    const key = `${from}|${address}|${port}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = this.world.probe(from, address, port);
      this.answers.set(key, answer);
    }
    return answer;
  }
}

/** refused: RST (nothing listens) or pf's return-rst; no-owner: no ARP answer; else the SYN goes unanswered. */
export function failureOf(result: ConnectResult): ConnectFailure {
  if (result.reason.startsWith("connection refused")) return "refused";
  if (result.reason.startsWith("no host answers ARP")) return "no-owner";
  return "no-answer";
}
