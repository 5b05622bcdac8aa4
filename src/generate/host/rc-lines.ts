// rc.conf-style files (rc.conf, loader.conf) as a list of lines: comments go through commentText,
// values through rcQuote, variable names must be plain sh identifiers.

import { commentText, rcQuote } from "../../lib/shell.js";

export type RcLine = { readonly comment: string } | { readonly name: string; readonly value: string } | { readonly blank: true };

export const rcComment = (comment: string): RcLine => ({ comment });
export const rcVar = (name: string, value: string): RcLine => ({ name, value });
export const rcBlank: RcLine = { blank: true };

export function renderRcLines(lines: readonly RcLine[]): string {
  return lines
    .map((line) => {
      if ("blank" in line) return "";
      if ("comment" in line) return `# ${commentText(line.comment)}`;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(line.name)) throw new Error(`invalid rc variable name ${JSON.stringify(line.name)}`);
      return `${line.name}=${rcQuote(line.value)}`;
    })
    .join("\n") + "\n";
}
