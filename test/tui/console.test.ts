// The console through blessed, in-process: fake TTY streams, the drawing parsed by @xterm/headless,
// a fake source whose view the test changes.
import { afterEach, describe, expect, it } from "vitest";
import type { ClusterView } from "../../src/sim/view.js";
import { QUIET_AFTER_MS, QUIET_POLL_INTERVAL_MS, runConsole } from "../../src/tui/console.js";
import { afterPowerOff, healthyView } from "./fixtures/cluster-view.js";
import { FakeSource } from "./fixtures/fake-source.js";
import { fakeTty, headlessTerminal, KEY, screenRows, waitForScreen } from "./fixtures/terminal.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(cols = 100, rows = 30) {
  const term = headlessTerminal(cols, rows);
  const tty = fakeTty(term);
  const source = new FakeSource(healthyView(), { "power-off proxy01": (v) => afterPowerOff(v, 3.39, 14) });
  let draws = 0;
  const done = runConsole(source, { input: tty.input, output: tty.output, onDraw: (n) => (draws = n) });
  return { term, tty, source, done, draws: () => draws };
}

let running: ReturnType<typeof start> | undefined;
afterEach(async () => {
  if (running && !running.source.closed) {
    running.tty.press("q");
    await running.done;
  }
  running = undefined;
});

describe("console (blessed, fake source)", () => {
  it("says it is waiting while the lab does not answer, and why", async () => {
    const term = headlessTerminal(100, 30);
    const tty = fakeTty(term);
    const source = new FakeSource(healthyView());
    source.view = async () => {
      source.polls++;
      throw new Error("connect ECONNREFUSED .lab/lab.sock");
    };
    const done = runConsole(source, { input: tty.input, output: tty.output });
    const text = await waitForScreen(term, (t) => t.includes("ECONNREFUSED"), 5000, "the waiting screen");
    expect(text).toContain("waiting for the lab to answer");
    tty.press("q");
    await done;
    expect(source.closed).toBe(true);
  });

  it("injects the fault chosen in the menu and shows the takeover", async () => {
    const c = (running = start());
    await waitForScreen(c.term, (t) => t.includes("▸proxy01"), 5000, "proxy01 selected");
    c.tty.press("j");
    await waitForScreen(c.term, (t) => t.includes("▸proxy02") && t.includes("HOST proxy02"), 5000, "proxy02 selected");
    c.tty.press("k");
    await waitForScreen(c.term, (t) => t.includes("HOST proxy01"), 5000, "back on proxy01");
    c.tty.press("f");
    await waitForScreen(c.term, (t) => /▶ power-off proxy01/.test(t), 5000, "the fault menu");
    c.tty.press(KEY.enter);
    const text = await waitForScreen(c.term, (t) => /www 203\.0\.113\.10: proxy01 -> proxy02 in 3\.39 s, 14 requests failed/.test(t), 5000, "the failover line");
    expect(c.source.injected).toEqual(["power-off proxy01"]);
    expect(text).toMatch(/proxy02 +up .*www MASTER/);
    // New to the user: highlighted.
    expect(text).toContain("▲ www 203.0.113.10");
    expect(text).toContain("injected power-off proxy01");
    expect(text).toContain("fault: power-off proxy01");
  });

  it("redraws cleanly on resize, compact and full screen", async () => {
    const c = (running = start());
    await waitForScreen(c.term, (t) => t.includes("TOPOLOGY"), 5000, "first draw");
    c.tty.resize(80, 24);
    await waitForScreen(c.term, (t) => screenRows(c.term)[23]!.includes("q quit") && t.includes("EVENTS"), 5000, "80x24");
    expect(screenRows(c.term).every((r) => r.length <= 80)).toBe(true);
    c.tty.resize(200, 60);
    const wide = await waitForScreen(c.term, (t) => t.includes("SERVICES") && t.includes("BACKENDS") && screenRows(c.term)[59]!.includes("q quit"), 5000, "200x60");
    expect(wide).toContain("TOPOLOGY");
  });

  it("coalesces a burst of events into at most 10 draws a second; idle, it polls less and does not draw", async () => {
    const c = (running = start());
    await waitForScreen(c.term, (t) => t.includes("TOPOLOGY"), 5000, "first draw");
    // Idle: the view does not change (the clock stands still: PAUSED once measured), nothing to draw.
    await waitForScreen(c.term, (t) => t.includes("PAUSED"), 5000, "paused clock detected");
    await sleep(300);
    const idleDraws = c.draws();
    const idlePolls = c.source.polls;
    await sleep(1000);
    expect(c.draws() - idleDraws).toBe(0);
    expect(c.source.polls - idlePolls).toBeLessThanOrEqual(11);
    expect(c.source.polls - idlePolls).toBeGreaterThanOrEqual(5);
    // After QUIET_AFTER_MS without events or keys: QUIET_POLL_INTERVAL_MS between polls.
    await sleep(QUIET_AFTER_MS - 1000);
    const quietPolls = c.source.polls;
    await sleep(1000);
    expect(c.source.polls - quietPolls).toBeLessThanOrEqual(Math.ceil(1000 / QUIET_POLL_INTERVAL_MS) + 1);
    expect(c.draws() - idleDraws).toBe(0);
    // A burst: 400 events over about a second.
    const before = c.draws();
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) c.source.emit("service.state", { host: "app01", service: "zope", from: "running", to: "hung" });
      await sleep(50);
    }
    await sleep(150);
    const elapsedS = (Date.now() - t0) / 1000;
    const draws = c.draws() - before;
    expect(draws).toBeGreaterThan(0);
    expect(draws).toBeLessThanOrEqual(Math.ceil(elapsedS * 10) + 1);
  });

  it("a view it cannot show ends the console with the error and the terminal restored", async () => {
    const term = headlessTerminal(100, 30);
    const tty = fakeTty(term);
    const source = new FakeSource({ lab: "broken" } as unknown as ClusterView);
    let written = "";
    tty.output.on("data", (d: Buffer) => (written += d.toString("utf8")));
    await expect(runConsole(source, { input: tty.input, output: tty.output })).rejects.toThrow(TypeError);
    expect(source.closed).toBe(true);
    // blessed left the alternate screen and showed the cursor again.
    expect(written).toContain("\x1b[?1049l");
    expect(written).toContain("\x1b[?25h");
  });

  it("Ctrl-C quits: the source is closed and the console resolves", async () => {
    const c = start();
    await waitForScreen(c.term, (t) => t.includes("TOPOLOGY"), 5000, "first draw");
    c.tty.press("?");
    await waitForScreen(c.term, (t) => t.includes("Main screen"), 5000, "help");
    c.tty.press(KEY.escape);
    await waitForScreen(c.term, (t) => !t.includes("Main screen"), 5000, "help closed");
    c.tty.press("\x03");
    await c.done;
    expect(c.source.closed).toBe(true);
    const polls = c.source.polls;
    await sleep(300);
    expect(c.source.polls).toBe(polls);
  });
});
