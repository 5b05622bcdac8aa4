// Where the running lab's files go, and the Unix socket path limit.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labPaths, MAX_SOCKET_PATH_BYTES, socketPathFor } from "../../../src/app/daemon/paths.js";

describe("socketPathFor", () => {
  it("puts the socket in .lab/ when the path fits sun_path", () => {
    expect(socketPathFor("/home/me/lab", "/tmp")).toBe("/home/me/lab/.lab/daemon.sock");
  });

  it("moves it to the temporary directory, named by a hash of the lab directory, when .lab/ is too deep", () => {
    const deep = `/home/me/${"x".repeat(MAX_SOCKET_PATH_BYTES)}`;
    const path = socketPathFor(deep, "/tmp");
    expect(path).toMatch(/^\/tmp\/lab-[0-9a-f]{16}\.sock$/);
    expect(Buffer.byteLength(path)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
    expect(socketPathFor(deep, "/tmp")).toBe(path);
    expect(socketPathFor(`${deep}y`, "/tmp")).not.toBe(path);
  });

  it("counts bytes, not characters (a non-ASCII directory name)", () => {
    const dir = `/h/${"é".repeat(48)}`; // 96 bytes + "/.lab/daemon.sock" is past the limit, 48 characters is not
    expect(dir.length + "/.lab/daemon.sock".length).toBeLessThan(MAX_SOCKET_PATH_BYTES);
    expect(socketPathFor(dir, "/tmp")).toMatch(/^\/tmp\/lab-/);
  });
});

describe("labPaths", () => {
  it("keeps the daemon state, log and session records in .lab/", () => {
    const p = labPaths("/srv/lab");
    expect(p).toMatchObject({
      labDir: "/srv/lab", stateDir: "/srv/lab/.lab", daemonFile: join("/srv/lab/.lab", "daemon.json"),
      logFile: "/srv/lab/.lab/daemon.log", sessionFile: "/srv/lab/.lab/session.jsonl", previousSessionFile: "/srv/lab/.lab/session.previous.jsonl",
    });
  });
});
