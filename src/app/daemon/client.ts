// A connection to a lab daemon: requests with ids over one socket, answers matched back, streams
// (events, boot progress) delivered as they come. Used by the lifecycle commands and the console.

import { connect, type Socket } from "node:net";
import type { BackendEvent, UpProgress } from "../../backends/index.js";
import { LineSplitter } from "./line-splitter.js";
import type { ProtocolError, Response, Results } from "./protocol.js";

/** Answers can be large (a cluster view with its traffic series), but not without bound. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** The daemon answered with an error. */
export class DaemonError extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.message);
    this.name = "DaemonError";
  }
}

/** The socket could not be reached, or closed before the answer. */
export class ConnectionError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = "ConnectionError";
  }
}

type StreamLine = { readonly stream: "event"; readonly event: BackendEvent } | { readonly stream: "progress"; readonly progress: UpProgress };

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onStream?: (line: StreamLine) => void;
  /** A follow subscription streams after its result: it stays registered until the connection closes. */
  readonly streamsAfterResult: boolean;
}

type Fields<O extends string> = O extends "fault" ? { text: string }
  : O extends "heal" ? { text?: string }
  : O extends "events" ? { follow: boolean; limit: number }
  : O extends "speed" ? { command: string }
  : O extends "exec" ? { host: string; command: string }
  : Record<string, never>;

export class DaemonClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    const splitter = new LineSplitter(MAX_ANSWER_BYTES);
    socket.on("data", (chunk: Buffer) => {
      const lines = splitter.push(chunk);
      if (lines === "too-long") {
        this.fail(new ConnectionError("the lab daemon sent an answer too long to read"));
        socket.destroy();
        return;
      }
      for (const line of lines) this.receive(line);
    });
    socket.on("error", (e) => this.fail(new ConnectionError(`lab daemon connection: ${e.message}`, (e as NodeJS.ErrnoException).code)));
    socket.on("close", () => {
      this.closed = true;
      this.fail(new ConnectionError("the lab daemon closed the connection"));
      for (const l of this.closeListeners.splice(0)) l();
    });
  }

  /** Connects to the daemon's socket; rejects with ConnectionError (code ENOENT, ECONNREFUSED, ETIMEDOUT...). */
  static connect(path: string, timeoutMs = 2000): Promise<DaemonClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionError(`no answer from ${path} within ${timeoutMs} ms`, "ETIMEDOUT"));
      }, timeoutMs);
      socket.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new ConnectionError(`cannot connect to ${path}: ${e.code ?? e.message}`, e.code));
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new DaemonClient(socket));
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  request<O extends keyof Results>(op: O, fields?: Fields<O>): Promise<Results[O]> {
    return this.send(op, fields ?? {}) as Promise<Results[O]>;
  }

  /** A request with stream lines: boot progress (before its result), events --follow (after it). */
  stream<O extends "events" | "progress">(op: O, fields: Fields<O>, onStream: (line: StreamLine) => void): Promise<Results[O]> {
    const follows = "follow" in fields && fields.follow === true;
    return this.send(op, fields, onStream, follows) as Promise<Results[O]>;
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private send(op: string, fields: object, onStream?: (line: StreamLine) => void, streamsAfterResult = false): Promise<unknown> {
    if (this.closed) return Promise.reject(new ConnectionError("the lab daemon connection is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, streamsAfterResult, ...(onStream ? { onStream } : {}) });
      this.socket.write(JSON.stringify({ id, op, ...fields }) + "\n");
    });
  }

  private receive(line: string): void {
    let answer: Response;
    try {
      answer = JSON.parse(line) as Response;
    } catch {
      return;
    }
    const pending = typeof answer.id === "number" ? this.pending.get(answer.id) : undefined;
    if (!pending) return;
    if ("stream" in answer) {
      pending.onStream?.(answer);
      return;
    }
    if (!answer.ok || !pending.streamsAfterResult) this.pending.delete(answer.id as number);
    if (answer.ok) pending.resolve(answer.result);
    else pending.reject(new DaemonError(answer.error));
  }

  private fail(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
