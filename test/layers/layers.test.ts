// The one-way import rule of DESIGN.md, checked on the source: each module may import only its own
// layer or layers to its left; some libraries belong to one layer; the pure layers read no clock,
// environment or Math.random.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../../src");

// Left to right. generate | sim are siblings: sim may read generated files (it ranks after generate).
export const LAYERS = ["lib", "model", "formats", "faults", "generate", "sim", "backends", "app", "tui", "cli"] as const;
const RANK = new Map<string, number>(LAYERS.map((l, i) => [l, i]));
RANK.set("index.ts", RANK.get("model")!); // the public API re-exports the model

const ONLY_IN: Readonly<Record<string, readonly string[]>> = {
  execa: ["backends"],
  ssh2: ["backends"],
  blessed: ["tui"],
  "blessed-contrib": ["tui"],
  commander: ["cli"],
  esbuild: ["app"],
};
const PURE = new Set(["lib", "model", "formats", "faults", "generate", "sim"]);
const IMPURE_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|os|http|https|dgram|worker_threads)$/;
const IMPURE_CALLS = [/\bDate\.now\s*\(/, /\bnew Date\s*\(\s*\)/, /\bMath\.random\s*\(/, /\bprocess\.env\b/, /\bperformance\.now\s*\(/, /\bprocess\.hrtime\b/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  return relative(SRC, file).split("/")[0]!;
}

export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

function violationsOf(file: string, text: string): string[] {
  const out: string[] = [];
  const layer = layerOf(file);
  const rank = RANK.get(layer);
  const where = relative(SRC, file);
  if (rank === undefined) return [`${where}: folder "${layer}" is not a layer; add it to LAYERS (and docs/dev/codebase-guide.md)`];
  {
    for (const spec of importsOf(text)) {
      if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC + "/")) continue; // Vagrantfile.ts and package files
        const targetLayer = layerOf(target.replace(/\.js$/, ".ts"));
        const targetRank = RANK.get(targetLayer);
        if (targetRank !== undefined && targetRank > rank) out.push(`${where}: ${layer} imports ${targetLayer} (${spec}), against the one-way rule`);
      } else {
        const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
        const allowed = ONLY_IN[pkg];
        if (allowed && !allowed.includes(layer)) out.push(`${where}: ${pkg} may be imported only in ${allowed.join(", ")}`);
        if (PURE.has(layer) && IMPURE_MODULES.test(spec)) out.push(`${where}: ${layer} is pure but imports ${spec}`);
      }
    }
    if (PURE.has(layer)) {
      const code = text.replace(/\/\/.*$/gm, "");
      for (const re of IMPURE_CALLS) if (re.test(code)) out.push(`${where}: ${layer} is deterministic but uses ${re.source}`);
    }
  }
  return out;
}

function violations(): string[] {
  return files(SRC).flatMap((file) => violationsOf(file, readFileSync(file, "utf8")));
}

describe("layers", () => {
  it("every module imports only its own layer or layers to its left", () => {
    expect(violations()).toEqual([]);
  });

  it("flags imports against the rule, misplaced libraries and impure calls", () => {
    expect(violationsOf(join(SRC, "model/x.ts"), `import { run } from "../cli/main.js";`)).toEqual([
      "model/x.ts: model imports cli (../cli/main.js), against the one-way rule",
    ]);
    expect(violationsOf(join(SRC, "generate/x.ts"), `import { a } from "../sim/engine.js";`)).toHaveLength(1);
    expect(violationsOf(join(SRC, "sim/x.ts"), `import { a } from "../generate/pf.js";`)).toEqual([]);
    expect(violationsOf(join(SRC, "app/x.ts"), `import { Client } from "ssh2";`)).toEqual(["app/x.ts: ssh2 may be imported only in backends"]);
    expect(violationsOf(join(SRC, "sim/x.ts"), `const t = Date.now();`)).toHaveLength(1);
    expect(violationsOf(join(SRC, "model/x.ts"), `import { readFileSync } from "node:fs";`)).toHaveLength(1);
    expect(violationsOf(join(SRC, "cli/x.ts"), `import { a } from "../model/a.js";\nconst t = Date.now();`)).toEqual([]);
    expect(violationsOf(join(SRC, "widgets/x.ts"), "")).toHaveLength(1);
  });

  it("the import parser sees static, re-export, side-effect and dynamic imports", () => {
    const text = `import a from "./a.js";\nimport type { B } from '../b.js';\nexport { c } from "./c.js";\nimport "./d.js";\nconst e = await import("./e.js");`;
    expect(importsOf(text)).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]);
  });
});
