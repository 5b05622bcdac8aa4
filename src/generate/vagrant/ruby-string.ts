// Ruby literals for the Vagrantfile: every string that reaches Ruby goes through rubyString(), so a
// value can neither end the string early nor run code through "#{...}" interpolation.

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "#": "\\#",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** A Ruby double-quoted string literal whose value is exactly `value`. */
export function rubyString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const named = NAMED_ESCAPES[ch];
    const code = ch.codePointAt(0)!;
    if (named !== undefined) out += named;
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    // A lone UTF-16 surrogate cannot be written as UTF-8; Ruby would reject the file.
    else if (code >= 0xd800 && code <= 0xdfff) out += "\\u{fffd}";
    else out += ch;
  }
  return out + '"';
}

/** A Ruby array literal of strings: ["a", "b"]. */
export function rubyStringArray(values: readonly string[]): string {
  return `[${values.map(rubyString).join(", ")}]`;
}
