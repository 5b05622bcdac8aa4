// The daemon's core, apart from sockets: one Backend, the session recorder and a ring of recent
// events; it answers each checked request (see protocol.ts) through a Peer, so tests drive it
// in-process. Every change it makes to the lab (fault, heal, exec, speed, up, down) is recorded with
// the lab's position right after it.

import type { Backend, BackendEvent, UpProgress } from "../../backends/index.js";
import { isSpeedCommand, SPEED_FORMS } from "../../backends/index.js";
import { formatFault, type Fault } from "../../faults/index.js";
import type { ResolvedLab } from "../../model/types.js";
import { toSeconds } from "../../sim/engine/time.js";
import type { SessionOp, SessionRecorder } from "../session/record.js";
import { checkFaultText, checkHealText } from "./fault-text.js";
import { EVENT_BUFFER_SIZE, type DaemonPhase, type DaemonStatus, type ProtocolError, type Request, type RequestId, type Response, type Results } from "./protocol.js";
import { RingBuffer } from "./ring-buffer.js";

/** One connected client. */
export interface Peer {
  send(response: Response): void;
  /** Called once when the client goes away (subscriptions end). */
  onClose(listener: () => void): void;
}

export interface DaemonIdentity {
  readonly pid: number;
  readonly seed: number;
  readonly lab: { readonly name: string; readonly hash: string; readonly file: string | null };
  readonly sessionFile: string;
  readonly socket: string;
  readonly started: string;
}

export interface LabDaemonOptions {
  readonly backend: Backend;
  readonly lab: ResolvedLab;
  readonly recorder: SessionRecorder;
  readonly identity: DaemonIdentity;
  /** After `down` has answered: close the server, remove the state, exit. */
  readonly onStopped: (reason: string) => void;
  readonly log: (message: string) => void;
}

function ok<O extends keyof Results>(id: RequestId, result: Results[O]): Response {
  return { id, ok: true, result };
}

function fail(id: RequestId, error: ProtocolError): Response {
  return { id, ok: false, error };
}

function refused(id: RequestId, message: string, hint?: string): Response {
  return fail(id, { code: "refused", message, ...(hint ? { hint } : {}) });
}

export class LabDaemon {
  private phaseNow: DaemonPhase = "booting";
  private readonly recent = new RingBuffer<BackendEvent>(EVENT_BUFFER_SIZE);
  private readonly followers = new Set<{ readonly peer: Peer; readonly id: RequestId }>();
  /** Boot progress so far (at most 3 per host), replayed to a `lab up` that attaches late. */
  private readonly progressLog: UpProgress[] = [];
  private readonly progressWaiters = new Set<{ readonly peer: Peer; readonly id: RequestId }>();
  private bootError: string | undefined;

  constructor(private readonly options: LabDaemonOptions) {
    options.backend.events((e) => {
      this.recent.push(e);
      for (const f of this.followers) f.peer.send({ id: f.id, stream: "event", event: e });
    });
  }

  get phase(): DaemonPhase {
    return this.phaseNow;
  }

  /** Brings the lab up (progress to waiting clients), records "up"; a failed boot stops the daemon. */
  async boot(): Promise<void> {
    const { backend } = this.options;
    try {
      await backend.up((p) => {
        this.progressLog.push(p);
        for (const w of this.progressWaiters) w.peer.send({ id: w.id, stream: "progress", progress: p });
      });
    } catch (e) {
      this.bootError = (e as Error).message;
      this.options.log(`boot failed: ${this.bootError}`);
      for (const w of this.progressWaiters) w.peer.send(fail(w.id, { code: "failed", message: `the lab did not come up: ${this.bootError}` }));
      this.progressWaiters.clear();
      await this.stop(`boot failed: ${this.bootError}`);
      this.options.onStopped(`boot failed: ${this.bootError}`);
      return;
    }
    if (this.phaseNow !== "booting") return;
    this.record({ op: "up" });
    this.phaseNow = "up";
    const view = backend.status();
    for (const w of this.progressWaiters) w.peer.send(ok<"progress">(w.id, { view }));
    this.progressWaiters.clear();
  }

  /** Stops the backend, records "down" and closes the record; idempotent. */
  async stop(reason: string): Promise<Results["down"]> {
    const { backend, recorder, identity } = this.options;
    if (this.phaseNow !== "stopping") {
      this.phaseNow = "stopping";
      await backend.down();
      this.record({ op: "down", reason });
      recorder.close();
      for (const w of this.progressWaiters) w.peer.send(refused(w.id, `the lab stopped before it was up (${reason})`));
      this.progressWaiters.clear();
    }
    const p = backend.position();
    return { tUs: p.tUs, events: p.events, ...(p.traceHash ? { traceHash: p.traceHash } : {}), sessionFile: identity.sessionFile };
  }

  status(): DaemonStatus {
    const { backend, identity } = this.options;
    const pace = backend.pacing?.state() ?? { speed: 1, paused: false };
    const p = backend.position();
    return {
      pid: identity.pid, phase: this.phaseNow, backend: backend.kind, seed: identity.seed, lab: identity.lab,
      speed: pace.speed, paused: pace.paused, tUs: p.tUs, events: p.events, ...(p.traceHash ? { traceHash: p.traceHash } : {}),
      sessionFile: identity.sessionFile, socket: identity.socket, started: identity.started,
    };
  }

  /** Answers one checked request; never throws (a backend failure becomes a "failed" answer). */
  async handle(request: Request, peer: Peer): Promise<void> {
    try {
      await this.dispatch(request, peer);
    } catch (e) {
      this.options.log(`${request.op} failed: ${(e as Error).stack ?? String(e)}`);
      peer.send(fail(request.id, { code: "failed", message: `${request.op} failed: ${(e as Error).message}` }));
    }
  }

  private async dispatch(request: Request, peer: Peer): Promise<void> {
    const { id } = request;
    const { backend, lab } = this.options;
    if (this.phaseNow === "stopping" && request.op !== "ping" && request.op !== "down") {
      peer.send(refused(id, "the lab is stopping"));
      return;
    }
    switch (request.op) {
      case "ping":
        peer.send(ok<"ping">(id, this.status()));
        return;
      case "status":
        peer.send(ok<"status">(id, { view: backend.status(), daemon: this.status() }));
        return;
      case "progress":
        this.attachProgress(id, peer);
        return;
      case "events": {
        const events = this.recent.last(request.limit);
        peer.send(ok<"events">(id, { events, dropped: this.recent.dropped + this.recent.size - events.length }));
        if (request.follow) this.follow(id, peer);
        return;
      }
      case "down": {
        const result = await this.stop("lab down");
        peer.send(ok<"down">(id, result));
        this.options.onStopped("lab down");
        return;
      }
    }
    if (this.phaseNow !== "up") {
      peer.send(refused(id, "the lab is still booting", "wait for `lab up` to finish (`lab status` shows the boot)"));
      return;
    }
    switch (request.op) {
      case "fault": {
        const checked = checkFaultText(request.text, lab);
        if (!checked.ok) return peer.send(fail(id, checked.error));
        backend.inject(checked.fault);
        const text = formatFault(checked.fault);
        const line = this.record({ op: "fault", fault: text });
        peer.send(ok<"fault">(id, { message: `injected "${text}" at ${toSeconds(line.tUs)} s`, fault: text, tUs: line.tUs }));
        return;
      }
      case "heal": {
        const checked = checkHealText(request.text, lab);
        if (!checked.ok) return peer.send(fail(id, checked.error));
        let applied: Fault = checked.fault;
        // "heal" alone is its own inverse: it removes every partition.
        if (checked.fault.kind === "heal") backend.inject(applied);
        else applied = backend.heal(checked.fault);
        const text = formatFault(applied);
        const of = checked.fault.kind === "heal" ? undefined : formatFault(checked.fault);
        const line = this.record({ op: "heal", ...(of ? { of } : {}), fault: text });
        peer.send(ok<"heal">(id, { message: `${of ? `healed "${of}" with` : "applied"} "${text}" at ${toSeconds(line.tUs)} s`, fault: text, tUs: line.tUs }));
        return;
      }
      case "speed": {
        const pacing = backend.pacing;
        if (!pacing) return peer.send(refused(id, `the ${backend.kind} backend runs in real time: it cannot change speed`));
        if (!isSpeedCommand(request.command)) {
          return peer.send(fail(id, { code: "bad-request", message: `unknown speed "${request.command}"`, hint: `use ${SPEED_FORMS}` }));
        }
        let state;
        try {
          state = pacing.apply(request.command);
        } catch (e) {
          return peer.send(refused(id, (e as Error).message));
        }
        this.record({ op: "speed", command: request.command, speed: state.speed, paused: state.paused });
        const message = state.paused ? `paused at ${toSeconds(backend.position().tUs)} s` : `running at ${state.speed}x`;
        peer.send(ok<"speed">(id, { message, ...state }));
        return;
      }
      case "exec": {
        if (!lab.hosts.some((h) => h.name === request.host)) {
          return peer.send(fail(id, { code: "bad-request", message: `unknown host "${request.host}"`, hint: `one of: ${lab.hosts.map((h) => h.name).join(", ")}` }));
        }
        const result = await backend.exec(request.host, request.command);
        this.record({ op: "exec", host: request.host, command: request.command, status: result.status });
        peer.send(ok<"exec">(id, result));
        return;
      }
    }
  }

  private record(op: SessionOp) {
    return this.options.recorder.record(this.options.backend.position(), op);
  }

  private attachProgress(id: RequestId, peer: Peer): void {
    for (const p of this.progressLog) peer.send({ id, stream: "progress", progress: p });
    if (this.bootError !== undefined) return peer.send(fail(id, { code: "failed", message: `the lab did not come up: ${this.bootError}` }));
    if (this.phaseNow === "up") return peer.send(ok<"progress">(id, { view: this.options.backend.status() }));
    const waiter = { peer, id };
    this.progressWaiters.add(waiter);
    peer.onClose(() => this.progressWaiters.delete(waiter));
  }

  private follow(id: RequestId, peer: Peer): void {
    const follower = { peer, id };
    this.followers.add(follower);
    peer.onClose(() => this.followers.delete(follower));
  }
}
