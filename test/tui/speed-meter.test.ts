import { describe, expect, it } from "vitest";
import { speedText } from "../../src/tui/present/header.js";
import { SpeedMeter } from "../../src/tui/speed-meter.js";

describe("speed shown in the header", () => {
  it("measures the clock's rate between polls, and shows PAUSED when it stands still", () => {
    const m = new SpeedMeter();
    expect(m.shown(0)).toBeUndefined();
    for (let i = 0; i <= 10; i++) m.sample(i * 100, 600 + i * 1.0);
    expect(m.shown(1000)).toEqual({ speed: 10, paused: false, measured: true });
    expect(speedText(m.shown(1000))).toBe("~10x");
    expect(speedText({ speed: 9.97, paused: false, measured: true })).toBe("~10x");
    expect(speedText({ speed: 2.345, paused: false, measured: true })).toBe("~2.3x");
    expect(speedText({ speed: 100, paused: false })).toBe("100x");
    const still = new SpeedMeter();
    for (let i = 0; i <= 10; i++) still.sample(i * 100, 600);
    expect(speedText(still.shown(1000))).toBe("PAUSED");
  });

  it("shows the lab's answer while fresh, then the measurement snapped to it when they agree", () => {
    const m = new SpeedMeter();
    m.answered(100, false, 0);
    expect(m.shown(100)).toEqual({ speed: 100, paused: false });
    for (let i = 0; i <= 20; i++) m.sample(i * 100, i * 9.5);
    expect(m.shown(2000)).toEqual({ speed: 100, paused: false });
    // Someone else set 1x from another terminal: the measurement wins.
    const other = new SpeedMeter();
    other.answered(100, false, 0);
    for (let i = 0; i <= 20; i++) other.sample(i * 100, i * 0.1);
    expect(speedText(other.shown(2000))).toBe("~1.0x");
  });
});
