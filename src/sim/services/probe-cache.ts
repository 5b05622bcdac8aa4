// Connection checks for the request models, asked once per request hop: the world's answer only
// changes when a state event happens (a link, a service, a CARP master, a fault), so each answer is
// kept until the engine's state-event count moves.

import type { Engine } from "../engine/engine.js";
import type { ConnectResult, World } from "../world/world.js";

/** How a failed connection looks to the client: refused at once, or no answer (a timeout). */
export type ConnectFailure = "refused" | "no-answer" | "no-owner";

interface Entry {
  generation: number;
  result: ConnectResult;
}

export class ProbeCache {
  // from -> address -> port -> answer: three map lookups, no key string built per request.
  private readonly tree = new Map<string, Map<string, Map<number, Entry>>>();
  private epoch = -1;
  private generation = 0;

  constructor(private readonly engine: Engine, private readonly world: World) {}

  probe(from: string, address: string, port: number): ConnectResult {
    const count = this.engine.stateEventCount;
    if (count !== this.epoch) {
      this.epoch = count;
      this.generation++;
    }
    let byAddress = this.tree.get(from);
    if (byAddress === undefined) this.tree.set(from, (byAddress = new Map()));
    let byPort = byAddress.get(address);
    if (byPort === undefined) byAddress.set(address, (byPort = new Map()));
    let entry = byPort.get(port);
    if (entry === undefined) {
      entry = { generation: this.generation, result: this.world.probe(from, address, port) };
      byPort.set(port, entry);
    } else if (entry.generation !== this.generation) {
      entry.result = this.world.probe(from, address, port);
      entry.generation = this.generation;
    }
    return entry.result;
  }
}

/** refused: RST (nothing listens) or pf's return-rst; no-owner: no ARP answer; else the SYN goes unanswered. */
export function failureOf(result: ConnectResult): ConnectFailure {
  if (result.reason.startsWith("connection refused")) return "refused";
  if (result.reason.startsWith("no host answers ARP")) return "no-owner";
  return "no-answer";
}
