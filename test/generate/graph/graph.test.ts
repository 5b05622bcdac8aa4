// lab graph: the neutral graph model and its four renderers (ascii, dot, mermaid, svg) on the reference lab.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GRAPH_FORMATS, renderGraph } from "../../../src/generate/graph/index.js";
import { buildGraph } from "../../../src/generate/graph/graph-model.js";
import { renderAscii } from "../../../src/generate/graph/ascii.js";
import { quoteDot, renderDot } from "../../../src/generate/graph/dot.js";
import { buildMermaidIds, quoteMermaid, renderMermaid } from "../../../src/generate/graph/mermaid.js";
import { renderSvg } from "../../../src/generate/graph/svg.js";
import { layoutGraph } from "../../../src/generate/graph/svg-layout.js";
import type { Box, GraphLayout } from "../../../src/generate/graph/svg-layout.js";
import { sampleCurve } from "../../../src/generate/graph/svg-path.js";
import { formatPorts } from "../../../src/generate/graph/format-ports.js";
import { wrapLine } from "../../../src/generate/graph/ascii-text.js";
import type { ResolvedLab } from "../../../src/model/types.js";
import { referenceLab } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { checkWellFormedXml } from "./xml-check.js";

const lab = referenceLab();
const HOSTS = ["proxy01", "proxy02", "app01", "app02", "db01", "db02", "stor01", "stor02"];
const VIPS: readonly [string, string][] = [["www", "203.0.113.10"], ["solr", "10.0.20.20"], ["mysql", "10.0.20.30"]];
const LAGGS = ["lagg0 lacp em0+em1", "lagg1 lacp em2+em3"];

/** The lab with characters every output format must escape. */
const hostile: ResolvedLab = {
  ...lab,
  name: `evil"lab<&>'{}|#`,
  description: `quotes " and ' and <tags> & ampersands, braces {} and pipes | and back\\slash`,
};

/** Smaller labs derived from the reference: the renderers must cope with missing parts. */
const VARIANTS: Readonly<Record<string, ResolvedLab>> = {
  "without request chains": { ...lab, chains: [] },
  "without storage": { ...lab, storage: [] },
  "without CARP": { ...lab, carp: [], hosts: lab.hosts.map((h) => ({ ...h, carp: [] })) },
  "with only the proxies": {
    ...lab, hosts: lab.hosts.filter((h) => h.role === "proxy"), carp: lab.carp.filter((c) => c.name === "www"), chains: [], mysql: [], storage: [],
  },
  "with no hosts": { ...lab, hosts: [], carp: [], chains: [], mysql: [], storage: [], networks: [] },
};

function layoutClashes(layout: GraphLayout): string[] {
  const boxes: [string, Box][] = [
    ...layout.nodes.map((n): [string, Box] => [n.id, n]),
    ...layout.edges.flatMap((e): [string, Box][] => (e.label ? [[`label of ${e.edge.id}`, e.label]] : [])),
  ];
  const clashes: string[] = [];
  boxes.forEach(([a, boxA], i) => boxes.slice(i + 1).forEach(([b, boxB]) => overlaps(boxA, boxB) && clashes.push(`${a} / ${b}`)));
  layout.clusters.forEach((a, i) => layout.clusters.slice(i + 1).forEach((b) => overlaps(a, b) && clashes.push(`${a.id} / ${b.id}`)));
  return clashes;
}

function edgeCrossings(layout: GraphLayout): string[] {
  const crossings: string[] = [];
  for (const e of layout.edges) {
    const samples = sampleCurve(e.points, 24);
    for (const n of layout.nodes) {
      if (n.id === e.edge.from || n.id === e.edge.to) continue;
      const inside = samples.some((p) => p.x > n.x + 1 && p.x < n.x + n.width - 1 && p.y > n.y + 1 && p.y < n.y + n.height - 1);
      if (inside) crossings.push(`${e.edge.id} crosses ${n.id}`);
    }
  }
  return crossings;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** DOT braces outside quoted strings. */
function braceBalance(dot: string): { balanced: boolean; depth: number } {
  let depth = 0;
  let inString = false;
  let balanced = true;
  for (let i = 0; i < dot.length; i++) {
    const c = dot[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth < 0) balanced = false;
  }
  return { balanced: balanced && depth === 0 && !inString, depth };
}

describe("buildGraph", () => {
  const graph = buildGraph(lab);

  it("orders the tiers left to right: clients, proxy, app, db, storage", () => {
    expect(graph.tiers.map((t) => t.id)).toEqual(["clients", "proxy", "app", "db", "storage"]);
    expect(graph.tiers.find((t) => t.id === "proxy")?.hosts).toEqual(["host:proxy01", "host:proxy02"]);
  });

  it("puts each VIP in its members' tier and marks the lowest advskew as preferred master", () => {
    const tiers = Object.fromEntries(graph.vips.map((v) => [v.group, v.tier]));
    expect(tiers).toEqual({ www: "proxy", solr: "app", mysql: "db" });
    expect(graph.vips.map((v) => v.preferredMaster)).toEqual(["proxy01", "app01", "db01"]);
    const www = graph.vips.find((v) => v.group === "www")!;
    expect(www).toMatchObject({ address: "203.0.113.10", vhid: 1 });
    expect(www.members.map((m) => [m.host, m.advskew, m.preferred])).toEqual([["proxy01", 0, true], ["proxy02", 100, false]]);
  });

  it("has no preferred master when the lowest advskew is shared", () => {
    const tie: ResolvedLab = { ...lab, carp: lab.carp.map((c) => ({ ...c, members: c.members.map((m) => ({ ...m, advskew: 50 })) })) };
    const vips = buildGraph(tie).vips;
    expect(vips.every((v) => v.preferredMaster === undefined && v.members.every((m) => !m.preferred))).toBe(true);
  });

  it("links each host to its networks through the LAGG bundle or the plain NIC", () => {
    const links = graph.edges.filter((e) => e.kind === "link" && e.from === "host:proxy01").map((e) => [e.to, e.label]);
    expect(links).toEqual([["net:public", "lagg0 lacp em0+em1"], ["net:app", "lagg1 lacp em2+em3"], ["net:pfsync", "em4"]]);
    expect(graph.networks.map((n) => `${n.name} ${n.cidr}`)).toContain("storage 10.0.40.0/24");
  });

  it("follows the request chain: clients -> www VIP -> nginx hosts, haproxy -> zope, zope -> mysql and solr VIPs", () => {
    const pairs = (kind: string) => graph.edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`);
    expect(pairs("request")).toEqual([
      "clients -> vip:www",
      "host:proxy01 -> host:app01", "host:proxy01 -> host:app02", "host:proxy02 -> host:app01", "host:proxy02 -> host:app02",
      "host:app01 -> vip:mysql", "host:app02 -> vip:mysql", "host:app01 -> vip:solr", "host:app02 -> vip:solr",
    ]);
    expect(pairs("carp")).toContain("vip:www -> host:proxy01");
    expect(graph.edges.find((e) => e.from === "host:proxy01" && e.to === "host:app01")?.label).toBe("haproxy→zope :8080-8088");
  });

  it("adds MySQL and ZFS replication and the NFS/iSCSI storage edges", () => {
    const replication = graph.edges.filter((e) => e.kind === "replication").map((e) => `${e.from} -> ${e.to}: ${e.label}`);
    expect(replication).toEqual(["host:db01 -> host:db02: mysql plone async", "host:stor01 -> host:stor02: zfs send tank every 5m"]);
    const storage = graph.edges.filter((e) => e.kind === "storage");
    expect(storage).toHaveLength(6);
    expect(storage.every((e) => e.from === "host:stor01")).toBe(true);
    expect(storage.map((e) => e.label)).toContain("iSCSI zope-app02 50 GiB → /var/db/zope/var");
  });

  it("gives every edge a unique id", () => {
    const ids = graph.edges.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes the chain hops, local ones included", () => {
    expect(graph.chains[0]?.steps.map((s) => `${s.from}->${s.to} ${s.target}`)).toEqual([
      "nginx->varnish at 127.0.0.1:3180 (local)",
      "varnish->haproxy at 127.0.0.1:3380 (local)",
      "haproxy->zope on app01, app02 :8080-8088",
      "zope->mysql via mysql VIP 10.0.20.30:3306",
      "zope->solr via solr VIP 10.0.20.20:6080",
    ]);
  });
});

describe("formatPorts", () => {
  it("compresses runs of three or more", () => {
    expect(formatPorts([8082, 8080, 8081, 80, 443])).toBe("80,443,8080-8082");
    expect(formatPorts([111, 2049, 4046])).toBe("111,2049,4046");
    expect(formatPorts([1, 2])).toBe("1,2");
    expect(formatPorts([])).toBe("");
  });
});

describe.each(GRAPH_FORMATS)("renderGraph %s", (format) => {
  const text = renderGraph(lab, format);

  it("names all 8 hosts, the 3 VIPs with their addresses and the LAGG bundles", () => {
    for (const host of HOSTS) expect(text).toContain(host);
    for (const [group, address] of VIPS) {
      expect(text).toContain(group);
      expect(text).toContain(address);
    }
    for (const lagg of LAGGS) expect(text).toContain(lagg);
  });

  it("is byte-stable: the same lab renders the same text", () => {
    expect(renderGraph(referenceLab(), format)).toBe(text);
  });

  it("ends with one newline", () => {
    expect(text.endsWith("\n") && !text.endsWith("\n\n")).toBe(true);
  });
});

describe("ascii", () => {
  const text = renderAscii(buildGraph(lab));
  const lines = text.trimEnd().split("\n");

  it("keeps every line within 120 columns", () => {
    const widest = Math.max(...lines.map((l) => [...l].length));
    expect(widest).toBeLessThanOrEqual(120);
  });

  it("shows the tiers left to right and marks the preferred masters", () => {
    const heading = lines.find((l) => l.includes("PROXY TIER"))!;
    const order = ["CLIENTS", "PROXY TIER", "APP TIER", "DATABASE TIER", "STORAGE TIER"].map((t) => heading.indexOf(t));
    expect(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1]!))).toBe(true);
    expect(text).toContain("★ proxy01 skew 0");
    expect(text).toContain("proxy01 ★www");
    expect(text).toContain("db01 ══▶ db02");
    expect(text).toContain("stor01 ┄┄▶ app01");
  });

  it("stays within 120 columns for a lab with long names", () => {
    const long = { ...lab, description: "x".repeat(300), hosts: lab.hosts.map((h) => ({ ...h, name: `${h.name}-with-a-very-long-name` })) };
    const widest = Math.max(...renderAscii(buildGraph(long)).split("\n").map((l) => [...l].length));
    expect(widest).toBeLessThanOrEqual(120);
  });

  it("wraps keeping leading spaces and indenting continuation lines", () => {
    expect(wrapLine("  aaa bbb ccc", 9, "  ")).toEqual(["  aaa bbb", "    ccc"]);
    expect(wrapLine("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
  });
});

describe("dot", () => {
  const dot = renderDot(buildGraph(lab));

  it("is a digraph with rankdir=LR, balanced braces and one cluster per tier", () => {
    expect(dot.startsWith('digraph "speed-daemons" {')).toBe(true);
    expect(dot).toContain("rankdir=LR");
    expect(braceBalance(dot).balanced).toBe(true);
    for (const tier of ["proxy", "app", "db", "storage"]) expect(dot).toContain(`subgraph "cluster_${tier}" {`);
  });

  it("draws VIPs as double ellipses and replication/storage dashed", () => {
    expect(dot).toMatch(/"vip:www" \[label="www VIP\\n203\.0\.113\.10\/24[^\n]*shape=ellipse, peripheries=2/);
    expect(dot).toMatch(/"host:db01" -> "host:db02" \[label="mysql plone async"[^\n]*style=dashed/);
    // storage goes from stor01 to the app hosts, written leftwards so ranks follow the tiers
    expect(dot).toMatch(/"host:app01" -> "host:stor01" \[label="NFS tank\/solr[^\n]*style=dashed, dir=back/);
  });

  it("escapes quotes and backslashes in ids and labels", () => {
    expect(quoteDot('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    const evil = renderDot(buildGraph(hostile));
    expect(braceBalance(evil).balanced).toBe(true);
    expect(evil).toContain('digraph "evil\\"lab<&>\'{}|#" {');
  });
});

describe("mermaid", () => {
  const text = renderMermaid(buildGraph(lab));
  const lines = text.trimEnd().split("\n");

  it("starts with flowchart LR and has one subgraph per tier, each closed", () => {
    expect(lines[0]).toBe("flowchart LR");
    const opened = lines.filter((l) => /^\s*subgraph /.test(l));
    expect(opened.map((l) => l.trim().split(/[[\s]/)[1])).toEqual(["n_tier_proxy", "n_tier_app", "n_tier_db", "n_tier_storage"]);
    expect(lines.filter((l) => l.trim() === "end")).toHaveLength(opened.length);
  });

  it("quotes every label and uses only safe ids", () => {
    for (const line of lines.slice(1)) {
      const outside = line.replace(/"[^"]*"/g, "");
      expect(outside, line).not.toContain('"');
      expect(outside, line).toMatch(/^[\sA-Za-z0-9_\-.<>~|[\](){}/:,;#%\s]*$/);
    }
    expect(text).toMatch(/n_vip_www\(\["www VIP<br\/>203\.0\.113\.10\/24/);
    expect(text).toContain('n_host_db01 -.->|"mysql plone async"| n_host_db02');
    // leftward edges are written right to left so the tiers rank left to right
    expect(text).toContain('n_host_app01 <-.-|"NFS tank/solr → /var/db/solr"| n_host_stor01');
    expect(text).toContain('n_net_public ---|"lagg0 lacp em0+em1"| n_host_proxy01');
  });

  it("escapes characters Mermaid would read as syntax", () => {
    expect(quoteMermaid(['say "hi" <b> & #1 | `x`'])).toBe('"say #quot;hi#quot; #lt;b#gt; #amp; #35;1 #124; #96;x#96;"');
    expect([...buildMermaidIds(["host:a-b", "host:a_b", "end"]).values()]).toEqual(["n_host_a_b", "n_host_a_b_2", "n_end"]);
    const evil = renderMermaid(buildGraph(hostile));
    for (const line of evil.split("\n")) expect(line.replace(/"[^"]*"/g, "")).not.toContain('"');
  });
});

describe("checkWellFormedXml", () => {
  it("accepts a small document and rejects broken ones", () => {
    expect(checkWellFormedXml(`<?xml version="1.0"?>\n<a x="1"><b/>t &amp; &#38;</a>\n`)).toEqual([]);
    expect(checkWellFormedXml("<a><b></a>")).not.toEqual([]);
    expect(checkWellFormedXml("<a>x & y</a>")).not.toEqual([]);
    expect(checkWellFormedXml("<a x=1/>")).not.toEqual([]);
    expect(checkWellFormedXml('<a x="<"/>')).not.toEqual([]);
    expect(checkWellFormedXml("<a/><b/>")).not.toEqual([]);
  });
});

describe("svg", () => {
  const graph = buildGraph(lab);
  const svg = renderSvg(graph);
  const layout = layoutGraph(graph);

  it("is a well-formed standalone SVG with width, height and viewBox", () => {
    expect(checkWellFormedXml(svg)).toEqual([]);
    const root = /<svg [^>]*>/.exec(svg)?.[0] ?? "";
    expect(root).toContain('xmlns="http://www.w3.org/2000/svg"');
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(root) ?? [];
    expect(root).toContain(`viewBox="0 0 ${w} ${h}"`);
    expect(Number(w)).toBeGreaterThan(0);
    expect(svg).toContain(`<title>${graph.title}</title>`);
  });

  it("escapes XML in every text and attribute", () => {
    const evil = renderSvg(buildGraph(hostile));
    expect(checkWellFormedXml(evil)).toEqual([]);
    expect(evil).toContain("evil&quot;lab&lt;&amp;&gt;&apos;{}|#");
  });

  it("draws tier clusters left to right and keeps each node inside its tier", () => {
    const xs = layout.clusters.map((c) => c.x);
    expect(layout.clusters.map((c) => c.id)).toEqual(["proxy", "app", "db", "storage"]);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    for (const node of layout.nodes) {
      const cluster = layout.clusters.find((c) => c.id === node.tier);
      if (!cluster) continue;
      expect(node.x >= cluster.x && node.x + node.width <= cluster.x + cluster.width, node.id).toBe(true);
      expect(node.y >= cluster.y && node.y + node.height <= cluster.y + cluster.height, node.id).toBe(true);
    }
  });

  it("does not overlap node boxes, tier clusters or edge labels", () => {
    expect(layoutClashes(layout)).toEqual([]);
  });

  it("routes no edge through a box it does not connect", () => {
    expect(edgeCrossings(layout)).toEqual([]);
  });

  it.each(Object.entries(VARIANTS))("lays out a lab %s without clashes or crossings", (_, variant) => {
    const l = layoutGraph(buildGraph(variant));
    expect(layoutClashes(l)).toEqual([]);
    expect(edgeCrossings(l)).toEqual([]);
    const text = renderSvg(buildGraph(variant));
    expect(checkWellFormedXml(text)).toEqual([]);
    expect(text).not.toMatch(/NaN|Infinity/);
  });

  it("puts the lab-order first host of each tier on top (proxy01 above proxy02)", () => {
    const y = (id: string) => layout.nodes.find((n) => n.id === id)!.y;
    expect(y("host:proxy01")).toBeLessThan(y("host:proxy02"));
    expect(y("host:db01")).toBeLessThan(y("host:db02"));
  });

  it("has no random ids or timestamps: two renders are identical", () => {
    expect(renderSvg(buildGraph(referenceLab()))).toBe(svg);
  });
});

describeWithTool("xmllint", "svg: xmllint accepts the output", () => {
  it("parses the reference and the hostile lab", () => {
    const dir = mkdtempSync(join(tmpdir(), "lab-graph-"));
    try {
      for (const [name, g] of [["lab", lab], ["hostile", hostile]] as const) {
        const file = join(dir, `${name}.svg`);
        writeFileSync(file, renderSvg(buildGraph(g)));
        const r = runTool("xmllint", ["--noout", file]);
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
