// Parses the small part of sh(1) that ifstated's commands use (ifstated runs them with `sh -c`):
// words quoted with ' " \, `!`, `&&` and `||` (equal precedence, left to right, as in sh), `;` or
// newlines between lists, `#` comments, and redirections to /dev/null or to another descriptor.
// Everything else sh would expand or run (pipes, $, backquotes, subshells, `&`, redirections to
// files) is refused with a reason, so the simulator never guesses what a command does.

export interface SimpleCommand {
  readonly words: readonly string[];
  /** `! cmd`: the exit status is inverted. */
  readonly negated: boolean;
  /** Standard output goes to /dev/null (or another descriptor): the caller does not capture it. */
  readonly discardOutput: boolean;
}

/** `a && b || c`: run `first`, then each following command when the operator allows it. */
export interface AndOrList {
  readonly first: SimpleCommand;
  readonly rest: readonly { readonly op: "&&" | "||"; readonly command: SimpleCommand }[];
}

export type ShellParse =
  | { readonly ok: true; readonly lists: readonly AndOrList[] }
  /** `syntax` = an error a real sh reports too (status 2); otherwise sh syntax the simulator does not model (127). */
  | { readonly ok: false; readonly syntax: boolean; readonly message: string };

type Token =
  | { readonly kind: "word"; readonly text: string; readonly quoted: boolean }
  | { readonly kind: "op"; readonly text: "&&" | "||" | ";" | "!" }
  | { readonly kind: "redirect"; readonly fd: number; readonly op: ">" | ">>" | "<" | ">&" | "<&"; readonly target: string };

class Refused extends Error {
  constructor(readonly syntax: boolean, message: string) {
    super(message);
  }
}

const unsupported = (what: string) => new Refused(false, `sh: ${what} is not simulated`);

/** Characters that end an unquoted word. */
const WORD_END = new Set([" ", "\t", "\n", ";", "&", "|", "<", ">", "(", ")"]);

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "\n") {
      tokens.push({ kind: "op", text: ";" });
      i++;
    } else if (c === "#") {
      while (i < line.length && line[i] !== "\n") i++;
    } else if (c === ";") {
      if (line[i + 1] === ";") throw new Refused(true, "sh: syntax error: unexpected ';;'");
      tokens.push({ kind: "op", text: ";" });
      i++;
    } else if (c === "&") {
      if (line[i + 1] !== "&") throw unsupported("running in the background (&)");
      tokens.push({ kind: "op", text: "&&" });
      i += 2;
    } else if (c === "|") {
      if (line[i + 1] !== "|") throw unsupported("a pipe (|)");
      tokens.push({ kind: "op", text: "||" });
      i += 2;
    } else if (c === "(" || c === ")") {
      throw unsupported("a subshell ( ... )");
    } else if (c === "<" || c === ">") {
      i = readRedirect(line, i, 1, tokens);
    } else {
      const start = i;
      const word = readWord(line, i);
      i = word.end;
      // `2>file`: an unquoted all-digit word glued to a redirection is its descriptor
      if (!word.quoted && /^\d$/.test(word.text) && (line[i] === ">" || line[i] === "<") && word.end - start === 1) {
        i = readRedirect(line, i, Number(word.text), tokens);
      } else if (!word.quoted && word.text === "!") {
        tokens.push({ kind: "op", text: "!" });
      } else {
        tokens.push({ kind: "word", text: word.text, quoted: word.quoted });
      }
    }
  }
  return tokens;
}

function readRedirect(line: string, at: number, fd: number, tokens: Token[]): number {
  let i = at;
  let op: ">" | ">>" | "<" | ">&" | "<&";
  if (line[i] === ">" && line[i + 1] === ">") {
    op = ">>";
    i += 2;
  } else if (line[i + 1] === "&") {
    op = line[i] === ">" ? ">&" : "<&";
    i += 2;
  } else {
    op = line[i] === ">" ? ">" : "<";
    i += 1;
  }
  while (line[i] === " " || line[i] === "\t") i++;
  if (i >= line.length || WORD_END.has(line[i]!)) throw new Refused(true, `sh: syntax error: redirection ${op} without a target`);
  const target = readWord(line, i);
  tokens.push({ kind: "redirect", fd, op, target: target.text });
  return target.end;
}

/** One word with sh quoting: '...' literal, "..." with \ escapes, \x outside quotes. */
function readWord(line: string, at: number): { text: string; quoted: boolean; end: number } {
  let i = at;
  let text = "";
  let quoted = false;
  while (i < line.length && !WORD_END.has(line[i]!)) {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new Refused(true, "sh: syntax error: unterminated quoted string");
      text += line.slice(i + 1, close);
      quoted = true;
      i = close + 1;
    } else if (c === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= line.length) throw new Refused(true, "sh: syntax error: unterminated quoted string");
        const d = line[i]!;
        if (d === '"') break;
        if (d === "$" || d === "`") throw unsupported(`expansion (${d}) inside "..."`);
        if (d === "\\" && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== "\n") text += line[i + 1];
          i += 2;
        } else {
          text += d;
          i++;
        }
      }
      i++;
    } else if (c === "\\") {
      if (i + 1 < line.length && line[i + 1] !== "\n") text += line[i + 1];
      quoted = true;
      i += 2;
    } else if (c === "$" || c === "`") {
      throw unsupported(`expansion (${c})`);
    } else {
      text += c;
      i++;
    }
  }
  return { text, quoted, end: i };
}

/** Output redirections the simulator can honour: to /dev/null or to another descriptor. */
function applyRedirect(t: Extract<Token, { kind: "redirect" }>, state: { discardOutput: boolean }): void {
  if (t.op === ">&" || t.op === "<&") {
    if (!/^(\d|-)$/.test(t.target)) throw unsupported(`redirection ${t.fd}${t.op}${t.target}`);
    if (t.fd === 1 && t.target !== "1") state.discardOutput = true;
    return;
  }
  if (t.target !== "/dev/null") throw unsupported(`redirection to a file (${t.fd}${t.op} ${t.target})`);
  if (t.fd === 1 && t.op !== "<") state.discardOutput = true;
}

const isOp = (t: Token | undefined, text: string): boolean => t?.kind === "op" && t.text === text;

function parseTokens(tokens: readonly Token[]): AndOrList[] {
  const lists: AndOrList[] = [];
  let pos = 0;
  const parseCommand = (after: string): SimpleCommand => {
    let negated = false;
    while (isOp(tokens[pos], "!")) {
      negated = !negated;
      pos++;
    }
    const words: string[] = [];
    const redir = { discardOutput: false };
    for (let t = tokens[pos]; t && t.kind !== "op"; t = tokens[++pos]) {
      if (t.kind === "word") words.push(t.text);
      else applyRedirect(t, redir);
    }
    if (words.length === 0) {
      const next = tokens[pos];
      const found = next?.kind === "op" ? `unexpected '${next.text}'` : "missing command";
      throw new Refused(true, `sh: syntax error: ${found} ${after}`.trim());
    }
    return { words, negated, discardOutput: redir.discardOutput };
  };
  while (pos < tokens.length) {
    if (isOp(tokens[pos], ";")) {
      if (lists.length === 0) throw new Refused(true, "sh: syntax error: unexpected ';'");
      pos++;
      continue;
    }
    const first = parseCommand("");
    const rest: { op: "&&" | "||"; command: SimpleCommand }[] = [];
    for (let t = tokens[pos]; t && t.kind === "op" && (t.text === "&&" || t.text === "||"); t = tokens[pos]) {
      pos++;
      rest.push({ op: t.text, command: parseCommand(`after '${t.text}'`) });
    }
    lists.push({ first, rest });
  }
  return lists;
}

/** Parses a command line as `sh -c` would, within the subset above. */
export function parseShell(line: string): ShellParse {
  try {
    return { ok: true, lists: parseTokens(tokenize(line)) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, syntax: e.syntax, message: e.message };
    throw e;
  }
}
