// The daemon's core in-process (no socket, a fake wall clock): requests refused while booting, the
// boot progress replayed to a late client, faults checked before anything changes, every change
// recorded with its position, followers and the ring of recent events, and a clean stop. The record
// it writes replays to the same trace hashes (src/app/session/replay.ts), and refuses another lab.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LabDaemon, type Peer } from "../../../src/app/daemon/lab-daemon.js";
import type { Request, Response } from "../../../src/app/daemon/protocol.js";
import { LabError } from "../../../src/app/errors.js";
import { labIdentity } from "../../../src/app/session/lab-identity.js";
import { readSession } from "../../../src/app/session/read.js";
import { SESSION_FORMAT, SESSION_VERSION, SessionRecorder } from "../../../src/app/session/record.js";
import { replaySession } from "../../../src/app/session/replay.js";
import { SimBackend } from "../../../src/backends/index.js";
import { fakeClock } from "../../support/fake-clock.js";
import { referenceLab } from "../../support/reference-lab.js";

const ROOT = new URL("../../..", import.meta.url).pathname;


function peer() {
  const sent: Response[] = [];
  const closers: (() => void)[] = [];
  const p: Peer = { send: (r) => void sent.push(r), onClose: (l) => void closers.push(l) };
  return { p, sent, close: () => closers.forEach((c) => c()) };
}

function setup(file: string | null = null) {
  const lab = referenceLab();
  const { clock, advance } = fakeClock();
  const dir = mkdtempSync(join(tmpdir(), "lab-daemon-"));
  const sessionFile = join(dir, "session.jsonl");
  const identity = labIdentity(lab);
  const recorder = new SessionRecorder(sessionFile, {
    type: SESSION_FORMAT, version: SESSION_VERSION, lab: { name: identity.name, hash: identity.hash, file, display: "test" },
    seed: 1, release: lab.release, backend: "sim", started: "2025-01-01T00:00:00.000Z",
  });
  const backend = new SimBackend(lab, { seed: 1, clock });
  const stopped: string[] = [];
  const daemon = new LabDaemon({
    backend, lab, recorder, log: () => {}, onStopped: (r) => void stopped.push(r),
    identity: { pid: 4242, seed: 1, lab: { name: identity.name, hash: identity.hash, file }, sessionFile, socket: join(dir, "s.sock"), started: "now" },
  });
  return { daemon, backend, advance, dir, sessionFile, stopped };
}

async function ask(daemon: LabDaemon, request: Request) {
  const { p, sent } = peer();
  await daemon.handle(request, p);
  return sent;
}

describe("LabDaemon", () => {
  it("refuses changes while booting, replays the progress to a late client, then serves", async () => {
    const { daemon } = setup();
    expect(await ask(daemon, { id: 1, op: "fault", text: "power-off proxy01" })).toEqual([
      { id: 1, ok: false, error: { code: "refused", message: "the lab is still booting", hint: "wait for `lab up` to finish (`lab status` shows the boot)" } },
    ]);
    const early = peer();
    await daemon.handle({ id: 2, op: "progress" }, early.p);
    await daemon.boot();
    expect(early.sent.at(-1)).toMatchObject({ id: 2, ok: true, result: { view: { healthy: true } } });
    const late = await ask(daemon, { id: 3, op: "progress" });
    // The same progress lines (3 per host), then the result.
    expect(late.slice(0, -1)).toEqual(early.sent.slice(0, -1).map((r) => ({ ...r, id: 3 })));
    expect(late.length - 1).toBe(3 * 8);
    expect(await ask(daemon, { id: 4, op: "ping" })).toMatchObject([{ id: 4, ok: true, result: { pid: 4242, phase: "up", speed: 1, paused: false } }]);
  });

  it("checks faults against the lab before anything changes, records each change, and stops cleanly", async () => {
    const { daemon, advance, sessionFile, stopped } = setup();
    await daemon.boot();
    advance(1000);
    const bad = await ask(daemon, { id: 1, op: "fault", text: "nic-down proxy01 em9" });
    expect(bad).toMatchObject([{ id: 1, ok: false, error: { code: "bad-fault", pointer: "/nic", message: expect.stringContaining('unknown NIC "em9" on proxy01') } }]);
    const parse = await ask(daemon, { id: 2, op: "fault", text: "power-off" });
    expect(parse).toMatchObject([{ ok: false, error: { code: "bad-fault", column: expect.any(Number) } }]);
    const follower = peer();
    await daemon.handle({ id: 3, op: "events", follow: true, limit: 0 }, follower.p);
    expect(follower.sent).toEqual([{ id: 3, ok: true, result: { events: [], dropped: expect.any(Number) } }]);
    const ok = await ask(daemon, { id: 4, op: "fault", text: "  power-off   proxy01 " });
    expect(ok).toMatchObject([{ id: 4, ok: true, result: { fault: "power-off proxy01", message: expect.stringMatching(/^injected "power-off proxy01" at [0-9.]+ s$/) } }]);
    expect(follower.sent.find((r) => "stream" in r && r.stream === "event" && r.event.event.type === "fault.inject")).toMatchObject({ id: 3, stream: "event" });
    follower.close();
    const followed = follower.sent.length;
    advance(5000);
    expect(follower.sent.length).toBe(followed);
    expect(await ask(daemon, { id: 5, op: "heal" })).toMatchObject([{ ok: true, result: { fault: "heal" } }]);
    expect(await ask(daemon, { id: 6, op: "exec", host: "proxy02", command: "sysctl net.inet.carp.demotion=240" })).toMatchObject([{ ok: true, result: { status: 0 } }]);
    expect(await ask(daemon, { id: 7, op: "exec", host: "nobody", command: "true" })).toMatchObject([{ ok: false, error: { code: "bad-request", message: 'unknown host "nobody"' } }]);
    expect(await ask(daemon, { id: 8, op: "speed", command: "pause" })).toMatchObject([{ ok: true, result: { paused: true } }]);
    expect(await ask(daemon, { id: 9, op: "speed", command: "step" })).toMatchObject([{ ok: true }]);
    expect(await ask(daemon, { id: 10, op: "heal", text: "heal power-off proxy01" })).toMatchObject([{ ok: true, result: { fault: "power-on proxy01" } }]);
    expect(await ask(daemon, { id: 11, op: "speed", command: "resume" })).toMatchObject([{ ok: true, result: { paused: false } }]);
    advance(2000);
    const down = await ask(daemon, { id: 12, op: "down" });
    expect(down).toMatchObject([{ id: 12, ok: true, result: { traceHash: expect.stringMatching(/^[0-9a-f]{16}$/) } }]);
    expect(stopped).toEqual(["lab down"]);
    expect(await ask(daemon, { id: 13, op: "status" })).toMatchObject([{ ok: false, error: { code: "refused", message: "the lab is stopping" } }]);
    const record = readSession(sessionFile, "s");
    expect(record.lines.map((l) => [l.op, "fault" in l ? l.fault : undefined])).toEqual([
      ["up", undefined], ["fault", "power-off proxy01"], ["heal", "heal"], ["exec", undefined],
      ["speed", undefined], ["speed", undefined], ["heal", "power-on proxy01"], ["speed", undefined], ["down", undefined],
    ]);
    expect(record.lines.at(-1)).toMatchObject({ op: "down", hash: (down[0] as { result: { traceHash: string } }).result.traceHash });
  });

  it("the record replays line by line to the same trace hashes; another lab, a missing lab file or a tampered line is refused", async () => {
    const { daemon, advance, sessionFile, dir } = setup(join(ROOT, "lab/speed-daemons.json"));
    await daemon.boot();
    advance(700);
    await ask(daemon, { id: 1, op: "fault", text: "service-hang proxy01 haproxy" });
    await ask(daemon, { id: 2, op: "speed", command: "pause" });
    for (let i = 0; i < 5; i++) await ask(daemon, { id: 3, op: "speed", command: "step" });
    await ask(daemon, { id: 4, op: "fault", text: "lagg-down db01 lagg1" });
    await ask(daemon, { id: 5, op: "speed", command: "50x" });
    advance(300);
    await ask(daemon, { id: 6, op: "exec", host: "db02", command: "sysctl net.inet.carp.demotion=10" });
    advance(300);
    const down = (await ask(daemon, { id: 7, op: "down" }))[0] as { result: { traceHash: string } };

    const replay = await replaySession(sessionFile, { cwd: dir });
    expect(replay.traceHash).toBe(down.result.traceHash);
    expect(replay.recordedHash).toBe(down.result.traceHash);
    expect(replay.endedByDown).toBe(true);

    const changed = JSON.parse(readFileSync(join(ROOT, "lab/speed-daemons.json"), "utf8"));
    changed.carp[0].members[1].advskew = 50;
    writeFileSync(join(dir, "changed.json"), JSON.stringify(changed));
    const other = await replaySession(sessionFile, { cwd: dir, lab: "changed.json" }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(LabError);
    expect((other as LabError).exitCode).toBe(2);
    expect((other as LabError).message).toMatch(new RegExp(`recorded with lab speed-daemons ${replay.labHash}, but changed.json is speed-daemons (?!${replay.labHash})[0-9a-f]{16}`));

    const lines = readFileSync(sessionFile, "utf8").trim().split("\n");
    const moved = JSON.parse(lines[0]!);
    moved.lab.file = join(dir, "gone.json");
    writeFileSync(join(dir, "moved.jsonl"), [JSON.stringify(moved), ...lines.slice(1)].join("\n") + "\n");
    await expect(replaySession("moved.jsonl", { cwd: dir })).rejects.toThrow(`moved.jsonl: the lab it was recorded with, ${join(dir, "gone.json")}, is not here`);

    const tampered = [...lines];
    const faultAt = tampered.findIndex((l) => l.includes('"lagg-down db01 lagg1"'));
    tampered[faultAt] = tampered[faultAt]!.replace("lagg-down db01 lagg1", "lagg-down db02 lagg1");
    writeFileSync(join(dir, "tampered.jsonl"), tampered.join("\n") + "\n");
    const diverged = await replaySession("tampered.jsonl", { cwd: dir }).catch((e: unknown) => e);
    expect((diverged as LabError).exitCode).toBe(1);
    expect((diverged as LabError).message).toContain(`tampered.jsonl:${faultAt + 1} (fault at t=`);
    expect((diverged as LabError).message).toContain("the replay diverged");
  });
});
