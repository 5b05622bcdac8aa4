// The generated storage scripts pass `shellcheck -s sh` for both releases and all providers, and the
// replication and snapshot scripts do the right thing when run (dash) against stub zfs/ssh/lockf.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "../../../src/generate/context.js";
import { generateStorage } from "../../../src/generate/storage/index.js";
import { referenceLab } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";

const RELEASES = ["14.2", "8.1"] as const;

function isShellScript(content: string): boolean {
  return content.startsWith("#!/bin/sh");
}

describeWithTool("shellcheck", "storage scripts pass shellcheck -s sh", () => {
  for (const release of RELEASES) {
    for (const provider of PROVIDERS) {
      it(`${release} ${provider}`, () => {
        const dir = mkdtempSync(join(tmpdir(), "storage-sc-"));
        const scripts = generateStorage(referenceLab(release), { provider }).filter((a) => isShellScript(a.content));
        expect(scripts.length).toBeGreaterThanOrEqual(14);
        const paths = scripts.map((a, i) => {
          const p = join(dir, `${i}-${a.path.replace(/\//g, "_")}`);
          writeFileSync(p, a.content);
          return p;
        });
        const r = runTool("shellcheck", ["-s", "sh", ...paths]);
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
      });
    }
  }
});

/** A directory of stub commands that log their argv; returns a runner for one generated script. */
function scriptSandbox(script: string, stubs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "storage-run-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const [name, body] of Object.entries(stubs)) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "$(basename "$0") $*" >> "$STUB_LOG"\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const path = join(dir, "script.sh");
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return (args: string[], env: Record<string, string> = {}) => {
    const log = join(dir, "log");
    writeFileSync(log, "");
    const r = runTool("/bin/sh", [path, ...args], { env: { PATH: `${bin}:/usr/bin:/bin`, STUB_LOG: log, STUB_DIR: dir, ...env } });
    return { status: r.status, log: readFileSync(log, "utf8").split("\n").filter(Boolean) };
  };
}

describe("zfs-replicate.sh (run against stubs)", () => {
  const script = generateStorage(referenceLab(), { provider: "virtualbox" }).find((a) => a.path === "hosts/stor01/usr/local/libexec/lab/zfs-replicate.sh")!.content;
  const snaps = (ds: string) => ["2011-05-10_14.00.00--1w", "2011-05-10_14.05.00--1h", "2011-05-10_14.10.00--1h"].map((s) => `${ds}@${s}`);
  // zfs list prints the local snapshots; ssh answers `zfs list` with $REMOTE_SNAPS (or fails with $SSH_RC)
  const run = scriptSandbox(script, {
    lockf: 'shift 4; exec "$@"',
    logger: "",
    zfs: `case "$1" in
  list) ds=$(eval echo "\\$$#"); for s in 2011-05-10_14.00.00--1w 2011-05-10_14.05.00--1h 2011-05-10_14.10.00--1h; do echo "$ds@$s"; done ;;
  send) ;;
esac`,
    ssh: `[ -z "\${SSH_RC:-}" ] || exit "$SSH_RC"
eval "last=\\\${$#}"
case "$*" in
  *"zfs list"*) for s in $REMOTE_SNAPS; do echo "$last" | grep -q "$(echo "$s" | cut -d@ -f1)$" && echo "$s"; done; exit 0 ;;
  *"zfs recv"*) cat > /dev/null ;;
esac`,
  });

  it("does a full send when the replica has nothing in common", () => {
    const r = run(["tank"], { REMOTE_SNAPS: "" });
    expect(r.status).toBe(0);
    expect(r.log).toContain(`zfs send ${snaps("tank/solr")[2]}`);
    expect(r.log.filter((l) => l.startsWith("ssh ") && l.endsWith("zfs recv -F tank/blobs"))).toHaveLength(1);
    expect(r.log.some((l) => l.startsWith("ssh -i /root/.ssh/lab_replication") && l.includes("root@10.0.40.42 zfs list -H -t snapshot -o name -r tank/iscsi"))).toBe(true);
  });

  it("sends incrementally from the newest common snapshot", () => {
    const remote = ["tank/solr", "tank/blobs", "tank/iscsi"].map((d) => snaps(d).slice(0, 2).join(" ")).join(" ");
    const r = run(["tank"], { REMOTE_SNAPS: remote });
    expect(r.status).toBe(0);
    expect(r.log).toContain(`zfs send -I ${snaps("tank/solr")[1]} ${snaps("tank/solr")[2]}`);
    expect(r.log.filter((l) => l.startsWith("zfs send"))).toHaveLength(3);
  });

  it("sends nothing when the replica is up to date", () => {
    const remote = ["tank/solr", "tank/blobs", "tank/iscsi"].flatMap((d) => snaps(d)).join(" ");
    const r = run(["tank"], { REMOTE_SNAPS: remote });
    expect(r.status).toBe(0);
    expect(r.log.filter((l) => l.startsWith("zfs send"))).toEqual([]);
  });

  it("fails, sending nothing, when the replica is unreachable", () => {
    const r = run(["tank"], { SSH_RC: "255" });
    expect(r.status).toBe(1);
    expect(r.log.filter((l) => l.startsWith("zfs send"))).toEqual([]);
    expect(r.log.some((l) => l.includes("cannot reach 10.0.40.42"))).toBe(true);
  });

  it("runs under lockf and rejects unknown pairs", () => {
    expect(run(["tank"], { REMOTE_SNAPS: "" }).log[0]).toMatch(/^lockf -s -t 0 \/var\/run\/lab-zfs-replicate-tank\.lock /);
    expect(run(["other"]).status).toBe(2);
  });
});

describe("zfs-snapshot.sh (run against stubs)", () => {
  for (const release of RELEASES) {
    it(`${release}: snapshots with the TTL, then expires`, () => {
      const script = generateStorage(referenceLab(release), { provider: "virtualbox" }).find((a) => a.path === "hosts/stor01/usr/local/libexec/lab/zfs-snapshot.sh")!.content;
      const run = scriptSandbox(script, { zfsnap: "", zfSnap: "", logger: "" });
      const r = run(["snapshot", "tank", "1h"]);
      expect(r.status).toBe(0);
      const commands = r.log.filter((l) => !l.startsWith("logger"));
      expect(commands).toEqual(
        release === "8.1"
          ? ["zfSnap -a 1h -r tank/solr tank/blobs tank/iscsi", "zfSnap -d"]
          : ["zfsnap snapshot -a 1h -r tank/solr tank/blobs tank/iscsi", "zfsnap destroy -r tank/solr tank/blobs tank/iscsi"],
      );
      expect(run(["snapshot", "tank", "1h;reboot"]).status).toBe(2);
    });
  }
});
