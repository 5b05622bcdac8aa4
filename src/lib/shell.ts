// Quoting for values that reach a POSIX shell or a config file. Values are validated by the schema
// first; quoting is the second wall.

/** Single-quotes a value for sh: it stays one word whatever it contains. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Double-quoted value for rc.conf-style assignments (name="value"), escaping what sh expands. */
export function rcQuote(value: string): string {
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

/** One line of comment text: control characters and newlines removed so a comment stays a comment. */
export function commentText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

/** A token safe to appear bare in a shell command or config: letters, digits and ._:/@+=,- only. */
export function isSafeToken(value: string): boolean {
  return /^[A-Za-z0-9._:/@+=,-]+$/.test(value);
}

/** Throws when a value that must be a bare token is not (a generator-level guard behind the schema). */
export function safeToken(value: string, what: string): string {
  if (!isSafeToken(value)) throw new Error(`unsafe ${what}: ${JSON.stringify(value)}`);
  return value;
}
