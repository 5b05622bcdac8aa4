// Both releases and all three providers generate the Vagrantfile and the bhyve files.
import { describe, expect, it } from "vitest";
import { generateBhyve } from "../../../src/generate/bhyve/index.js";
import { PROVIDERS } from "../../../src/generate/context.js";
import { generateVagrantfile } from "../../../src/generate/vagrant/index.js";
import { referenceLab } from "../../support/reference-lab.js";

describe.each(["14.2", "8.1"] as const)("FreeBSD %s", (release) => {
  it.each(PROVIDERS)("generates for %s", (provider) => {
    const lab = referenceLab(release);
    const vagrant = generateVagrantfile(lab, { provider });
    expect(vagrant.map((a) => a.path)).toEqual(["Vagrantfile"]);
    expect(vagrant[0]!.content).toContain(`LAB_PROVIDER = "${provider}"`);
    expect(vagrant[0]!.content).toContain(`BOX_NAME = "speed-daemons/freebsd-${release}"`);
    const bhyve = generateBhyve(lab, { provider });
    expect(bhyve).toHaveLength(lab.hosts.length + 2);
    for (const a of bhyve) expect(a.content.endsWith("\n")).toBe(true);
  });
});
