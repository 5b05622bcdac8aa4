// CARP timer arithmetic: the kernel's integer advskew * 1000000 / 256 and the demotion clamp.
import { describe, expect, it } from "vitest";
import { advertIntervalUs, demotedSkew, masterDownUs, skewUs } from "../../../src/sim/carp/timing.js";

describe("carp timing", () => {
  it("computes skew in whole microseconds as C integer division does", () => {
    expect(skewUs(0)).toBe(0);
    expect(skewUs(1)).toBe(3906); // 3906.25 truncated
    expect(skewUs(100)).toBe(390625);
    expect(skewUs(255)).toBe(996093);
  });

  it("advertises every advbase + skew/256 and declares the master down after 3*advbase + skew/256", () => {
    expect(advertIntervalUs(1, 100)).toBe(1_390_625);
    expect(masterDownUs(1, 100)).toBe(3_390_625);
    expect(masterDownUs(3, 200)).toBe(9_781_250);
  });

  it("clamps the demoted skew to 0-240", () => {
    expect(demotedSkew(100, 240)).toBe(240);
    expect(demotedSkew(0, -240)).toBe(0);
    expect(demotedSkew(100, 20)).toBe(120);
    expect(demotedSkew(250, 0)).toBe(240);
  });
});
