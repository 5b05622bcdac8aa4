// nginx passive failure detection: a single upstream is never marked; with several, one failure
// (max_fails=1) takes a server out for fail_timeout=10s.
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { NginxUpstream, nginxUpstreamConfig } from "../../../src/sim/chain/nginx-upstream.js";
import { referenceLab } from "../../support/reference-lab.js";
import { recordEvents, serviceOf } from "./chain-support.js";

const config = nginxUpstreamConfig("proxy01", serviceOf(referenceLab("14.2"), "proxy01", "nginx"));

describe("nginx upstream", () => {
  it("uses the model's max_fails=1 fail_timeout=10s", () => {
    expect(config).toEqual({ host: "proxy01", upstream: "varnish", maxFails: 1, failTimeoutS: 10 });
  });

  it("never marks the generated config's single varnish unavailable", () => {
    const engine = new Engine(1);
    const events = recordEvents(engine, "nginx.upstream");
    const up = new NginxUpstream(engine, config, ["127.0.0.1:3180"]);
    expect(up.single).toBe(true);
    for (let i = 0; i < 20; i++) {
      expect(up.pick()).toBe("127.0.0.1:3180");
      up.reportFailure("127.0.0.1:3180");
      engine.runUntil(engine.now + seconds(0.1));
    }
    expect(up.state("127.0.0.1:3180")).toBe("available");
    expect(events).toEqual([]);
  });

  it("with two servers takes a failed one out for fail_timeout, then tries it again", () => {
    const engine = new Engine(1);
    const events = recordEvents(engine, "nginx.upstream");
    const up = new NginxUpstream(engine, config, ["a:3180", "b:3180"]);
    engine.runUntil(seconds(100));
    expect([up.pick(), up.pick()]).toEqual(["a:3180", "b:3180"]);
    up.reportFailure("a:3180");
    expect(up.state("a:3180")).toBe("unavailable");
    expect(events).toMatchObject([{ t: seconds(100), host: "proxy01", upstream: "varnish", server: "a:3180", from: "available", to: "unavailable" }]);
    engine.runUntil(seconds(109));
    expect([up.pick(), up.pick(), up.pick()]).toEqual(["b:3180", "b:3180", "b:3180"]);
    engine.runUntil(seconds(110) + 1);
    expect(up.state("a:3180")).toBe("available");
    expect(events.at(-1)).toMatchObject({ server: "a:3180", to: "available" });
    const picks = [up.pick(), up.pick()];
    expect(picks).toContain("a:3180");
    up.reportSuccess("a:3180");
    expect(up.state("a:3180")).toBe("available");
  });

  it("answers 'no live upstreams' when every server is out", () => {
    const engine = new Engine(1);
    const up = new NginxUpstream(engine, config, ["a:3180", "b:3180"]);
    engine.runUntil(seconds(50));
    up.reportFailure("a:3180");
    up.reportFailure("b:3180");
    expect(up.pick()).toBeUndefined();
  });
});
