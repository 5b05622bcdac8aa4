// `zpool status` text: the real layout (header lines, config table columns, logs section, replacing
// rows during a resilver, scan line) for the reference tank pool.
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { createHostPools, DEFAULT_EPOCH_MS, zpoolStatus } from "../../../src/sim/zfs/index.js";
import { referenceLab } from "../../support/reference-lab.js";

function setup() {
  const engine = new Engine(1);
  const pool = createHostPools(engine, referenceLab(), "stor01", { allocatedBytes: 500e9, resilverRateBytesPerS: 100e6 }).get("tank");
  if (!pool) throw new Error("no tank");
  return { engine, pool, status: () => zpoolStatus(pool, engine.now, DEFAULT_EPOCH_MS) };
}

describe("zpool status", () => {
  it("prints a healthy pool exactly in zpool's layout", () => {
    const { status } = setup();
    const rows = ["da0", "da1", "da2", "da3", "da4", "da5", "da6"].map((d) => `\t    ${d}     ONLINE       0     0     0`);
    expect(status()).toBe(
      [
        "  pool: tank",
        " state: ONLINE",
        "  scan: none requested",
        "config:",
        "",
        "\tNAME        STATE     READ WRITE CKSUM",
        "\ttank        ONLINE       0     0     0",
        "\t  raidz2-0  ONLINE       0     0     0",
        ...rows,
        "\tlogs",
        "\t  mirror-1  ONLINE       0     0     0",
        "\t    ada2    ONLINE       0     0     0",
        "\t    ada3    ONLINE       0     0     0",
        "",
        "errors: No known data errors",
        "",
      ].join("\n"),
    );
  });

  it("shows faulted disks with status/action, a replacing vdev while resilvering, and the finished scan", () => {
    const { engine, pool, status } = setup();
    pool.failDisk("da3");
    pool.failDisk("log1");
    let text = status();
    expect(text).toMatch(/^ state: DEGRADED$/m);
    expect(text).toMatch(/^status: One or more devices are faulted in response to persistent errors\.$/m);
    expect(text).toMatch(/^action: Replace the faulted device/m);
    expect(text).toContain("\t    da3     FAULTED      0     1     0\n");
    expect(text).toContain("\t  mirror-1  DEGRADED     0     0     0\n");
    engine.runUntil(seconds(14 * 3600));
    pool.replaceDisk("da3");
    engine.runUntil(seconds(14 * 3600 + 600));
    text = status();
    expect(text).toMatch(/^  scan: resilver in progress since Tue May 10 14:00:00 2011$/m);
    expect(text).toContain("\t    replacing-3  DEGRADED     0     0     0\n\t      da3/old    FAULTED      0     1     0\n\t      da3        ONLINE       0     0     0  (resilvering)\n");
    expect(text).toMatch(/^status: One or more devices is currently being resilvered\./m);
    engine.runUntil(seconds(20 * 3600));
    text = status();
    expect(text).toMatch(/^  scan: resilvered \S+ in 01:56:40 with 0 errors on Tue May 10 15:56:40 2011$/m);
    expect(text).toContain("\t  raidz2-0  ONLINE       0     0     0\n");
    expect(text).toContain("\t    da3     ONLINE       0     0     0\n");
  });

  it("an UNAVAIL pool says there are insufficient replicas", () => {
    const { pool, status } = setup();
    for (const d of ["da0", "da1", "da2"]) pool.failDisk(d);
    const text = status();
    expect(text).toMatch(/^ state: UNAVAIL$/m);
    expect(text).toContain("\t  raidz2-0  UNAVAIL      0     0     0  insufficient replicas\n");
    expect(text).toMatch(/insufficient replicas for the pool to\n\tcontinue functioning\./);
  });
});
