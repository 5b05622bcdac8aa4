// The daemon's Unix socket: each connection is split into request lines (bounded), each line checked
// (protocol.ts) and answered by the LabDaemon. A client that sends garbage gets an error answer; one
// that sends a line without end, or stops reading a stream, is disconnected; the daemon carries on.

import { createServer, type Server, type Socket } from "node:net";
import type { LabDaemon, Peer } from "./lab-daemon.js";
import { LineSplitter } from "./line-splitter.js";
import { MAX_LINE_BYTES, parseRequest, type Response } from "./protocol.js";

/** A client that lets this much output queue up unread (a stalled `lab events --follow`) is dropped. */
export const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

function socketPeer(socket: Socket): Peer {
  const closeListeners: (() => void)[] = [];
  socket.once("close", () => {
    for (const l of closeListeners.splice(0)) l();
  });
  return {
    send: (response: Response) => {
      if (socket.destroyed || !socket.writable) return;
      if (socket.writableLength > MAX_QUEUED_BYTES) {
        socket.destroy();
        return;
      }
      socket.write(JSON.stringify(response) + "\n");
    },
    onClose: (listener) => {
      if (socket.destroyed) listener();
      else closeListeners.push(listener);
    },
  };
}

function serve(daemon: LabDaemon, socket: Socket): void {
  const peer = socketPeer(socket);
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  // Requests on one connection are answered in order.
  let queue = Promise.resolve();
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    const lines = splitter.push(chunk);
    if (lines === "too-long") {
      peer.send({ id: null, ok: false, error: { code: "bad-request", message: `request line longer than ${MAX_LINE_BYTES} bytes`, hint: "one JSON object a line" } });
      socket.end();
      return;
    }
    for (const line of lines) {
      const parsed = parseRequest(line);
      if (!parsed.ok) {
        peer.send({ id: parsed.id, ok: false, error: parsed.error });
        continue;
      }
      queue = queue.then(() => daemon.handle(parsed.request, peer));
    }
  });
}

const connections = new WeakMap<Server, Set<Socket>>();

/** Listens on `path` (which must not exist); resolves once listening. */
export function listenOnSocket(daemon: LabDaemon, path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const open = new Set<Socket>();
    const server = createServer((socket) => {
      open.add(socket);
      socket.once("close", () => open.delete(socket));
      serve(daemon, socket);
    });
    connections.set(server, open);
    server.once("error", reject);
    server.listen(path, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Stops accepting connections and ends the open ones (their queued answers are still sent); `onClosed` once all are gone. */
export function closeServer(server: Server, onClosed?: () => void): void {
  server.close(() => onClosed?.());
  for (const socket of connections.get(server) ?? []) socket.end();
}
