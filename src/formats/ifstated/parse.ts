// Parser for ifstated.conf following OpenBSD's parse.y: the same tokens (quoted strings with ' or ",
// bare words, `$macro`, keywords), the same grammar (every action in a block ends its line), !/&&/||
// with && and || at EQUAL precedence, left to right, and the same checks (macros defined before use,
// set-state only inside a state, states named once, set-state/init-state naming declared states).
// Stricter in one place: a macro used in an expression must stand for one term (a test, `( ... )` or
// `! term`), because ifstated pastes macro text and operators around it would bind differently.
// Errors are values with line:column; the parser stops at the first one.

import type { ParseError, ParseResult } from "../pf/ast.js";
import type { IfstatedAction, IfstatedConfig, IfstatedEntry, IfstatedExpr, IfstatedState, LinkState } from "./ast.js";

type TokenKind = "word" | "string" | "macro" | "punct" | "nl" | "comment" | "eof";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

class IfstatedSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
  }
}

export const IFSTATED_KEYWORDS: ReadonlySet<string> = new Set([
  "&&", "||", "added", "down", "every", "if", "init", "init-state", "link", "removed", "run", "set-state", "state", "unknown", "up",
]);

/** ifstated's allowed_in_string(): letters, digits and punctuation except ( ) { } ! = # , . */
function allowedInString(c: string): boolean {
  return /[A-Za-z0-9]/.test(c) || (/[!-/:-@[-`{-~]/.test(c) && !"(){}!=#,.".includes(c));
}

function tokenize(text: string, origin = { line: 1, column: 1 }): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = origin.line;
  let column = origin.column;
  let lineStart = true;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (text[i] === "\n") {
        line++;
        column = 1;
      } else column++;
      i++;
    }
  };
  const push = (kind: TokenKind, value: string, l: number, c: number) => {
    tokens.push({ kind, text: value, line: l, column: c });
    lineStart = kind === "nl";
  };
  while (i < text.length) {
    const c = text[i]!;
    const l = line;
    const col = column;
    if (c === " " || c === "\t" || c === "\r") advance(1);
    else if (c === "\\" && text[i + 1] === "\n") advance(2);
    else if (c === "\n") {
      push("nl", "\n", l, col);
      advance(1);
    } else if (c === "#") {
      let end = text.indexOf("\n", i);
      if (end < 0) end = text.length;
      const body = text.slice(i + 1, end).replace(/\s+$/, "");
      if (lineStart) push("comment", body.startsWith(" ") ? body.slice(1) : body, l, col);
      advance(end - i);
    } else if (c === "$") {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      if (j === i + 1) throw new IfstatedSyntaxError(l, col, "'$' must be followed by a macro name");
      push("macro", text.slice(i + 1, j), l, col);
      advance(j - i);
    } else if (c === '"' || c === "'") {
      let value = "";
      advance(1);
      for (;;) {
        if (i >= text.length) throw new IfstatedSyntaxError(l, col, "reached end of file while parsing quoted string");
        const ch = text[i]!;
        if (ch === "\n") advance(1); // ifstated drops newlines inside quotes
        else if (ch === "\\" && (text[i + 1] === c || text[i + 1] === "\n")) {
          if (text[i + 1] === c) value += c;
          advance(2);
        } else if (ch === c) {
          advance(1);
          break;
        } else {
          value += ch;
          advance(1);
        }
      }
      push("string", value, l, col);
    } else if (/[A-Za-z0-9:_&|]/.test(c)) {
      let j = i + 1;
      while (j < text.length && allowedInString(text[j]!)) j++;
      push("word", text.slice(i, j), l, col);
      advance(j - i);
    } else if ("(){}!=.".includes(c)) {
      push("punct", c, l, col);
      advance(1);
    } else {
      throw new IfstatedSyntaxError(l, col, `unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ kind: "eof", text: "", line, column });
  return tokens;
}

const LINK_STATES: readonly LinkState[] = ["up", "down", "unknown"];

interface Reference {
  readonly name: string;
  readonly token: Token;
}

class Parser {
  private pos = 0;
  readonly stateRefs: Reference[] = [];
  readonly stateDecls: Reference[] = [];

  constructor(private readonly tokens: readonly Token[], private readonly macros: Map<string, string>, private readonly inMacro = false) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  fail(token: Token, message: string): never {
    throw new IfstatedSyntaxError(token.line, token.column, message);
  }

  describe(t: Token): string {
    switch (t.kind) {
      case "eof": return "end of file";
      case "nl": return "end of line";
      case "string": return `"${t.text}"`;
      case "macro": return `$${t.text}`;
      case "comment": return "a comment";
      default: return `'${t.text}'`;
    }
  }

  isKeyword(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "word" && t.text === text;
  }

  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "punct" && t.text === text;
  }

  skipNewlines(): void {
    while (this.peek().kind === "nl" || this.peek().kind === "comment") this.next();
  }

  /** ifstated's STRING: a quoted string or a bare word that is neither a keyword nor a number. */
  string(what: string): Token {
    const t = this.next();
    if (t.kind === "string") return t;
    if (t.kind === "word" && !IFSTATED_KEYWORDS.has(t.text) && !/^-?\d+$/.test(t.text)) return t;
    this.fail(t, `expected ${what}, found ${this.describe(t)}`);
  }

  parseExpr(): IfstatedExpr {
    let left = this.parseUnary();
    while (this.isKeyword("&&") || this.isKeyword("||")) {
      const op = this.next().text === "&&" ? "and" : "or";
      left = { kind: op, left, right: this.parseUnary() };
    }
    return left;
  }

  parseUnary(): IfstatedExpr {
    if (this.isPunct("!")) {
      this.next();
      return { kind: "not", operand: this.parseUnary() };
    }
    return this.parseTerm();
  }

  parseTerm(): IfstatedExpr {
    const t = this.peek();
    if (this.isPunct("(")) {
      this.next();
      const inner = this.parseExpr();
      if (!this.isPunct(")")) this.fail(this.peek(), `expected ')' to close the '(' at ${t.line}:${t.column}, found ${this.describe(this.peek())}`);
      this.next();
      return inner;
    }
    if (t.kind === "macro") {
      this.next();
      this.checkMacro(t);
      return { kind: "macro", name: t.text };
    }
    const name = this.string("a test (IF.link.up, \"command\" every N, $macro or '(')");
    if (this.isPunct(".")) {
      this.next();
      if (!this.isKeyword("link")) this.fail(this.peek(), `expected 'link' after '${name.text}.', found ${this.describe(this.peek())}`);
      this.next();
      if (!this.isPunct(".")) this.fail(this.peek(), `expected '.' after '${name.text}.link', found ${this.describe(this.peek())}`);
      this.next();
      const st = this.next();
      if (st.kind !== "word" || !LINK_STATES.includes(st.text as LinkState)) this.fail(st, `expected up, down or unknown after '${name.text}.link.', found ${this.describe(st)}`);
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name.text)) this.fail(name, `'${name.text}' is not an interface name`);
      return { kind: "link", interface: name.text, state: st.text as LinkState };
    }
    if (this.isKeyword("every")) {
      this.next();
      const n = this.next();
      if (n.kind !== "word" || !/^\d+$/.test(n.text)) this.fail(n, `expected a number of seconds after 'every', found ${this.describe(n)}`);
      const everyS = Number(n.text);
      if (everyS <= 0 || everyS > 4294967295) this.fail(n, `invalid interval: ${n.text}`);
      if (name.text.trim() === "") this.fail(name, "empty external test command");
      return { kind: "external", command: name.text, everyS };
    }
    this.fail(this.peek(), `expected '.link.up|down|unknown' or 'every N' after ${this.describe(name)}, found ${this.describe(this.peek())}`);
  }

  /** A macro in an expression must be defined already and stand for one term. */
  checkMacro(t: Token): void {
    if (this.inMacro) this.fail(t, `ifstated does not expand '$${t.text}' inside a macro's value`);
    const value = this.macros.get(t.text);
    if (value === undefined) this.fail(t, `macro '${t.text}' not defined`);
    let sub: Parser;
    let expr: IfstatedExpr;
    try {
      sub = new Parser(tokenize(value, { line: t.line, column: t.column }), this.macros, true);
      expr = sub.parseUnary();
      if (sub.peek().kind !== "eof") sub.fail(sub.peek(), `unexpected ${sub.describe(sub.peek())}`);
    } catch (e) {
      if (!(e instanceof IfstatedSyntaxError)) throw e;
      if (/^unexpected '(&&|\|\|)'$/.test(e.message)) {
        this.fail(t, `macro '${t.text}' = "${value}" is not one term: ifstated pastes macros as text, so operators around it would bind differently; wrap the value in ( )`);
      }
      this.fail(t, `macro '${t.text}' = "${value}" is not a valid expression: ${e.message}`);
    }
    void expr;
  }

  parseAction(inState: boolean): IfstatedAction {
    const t = this.peek();
    if (this.isKeyword("run")) {
      this.next();
      return { kind: "run", command: this.string("a command after 'run'").text };
    }
    if (this.isKeyword("set-state")) {
      this.next();
      if (!inState) this.fail(t, "set-state must be used inside a state");
      const target = this.string("a state name after 'set-state'");
      this.stateRefs.push({ name: target.text, token: target });
      return { kind: "set-state", state: target.text };
    }
    if (this.isKeyword("if")) {
      this.next();
      const condition = this.parseExpr();
      return { kind: "if", condition, actions: this.parseActionBlock(inState, "if") };
    }
    this.fail(t, `expected an action (run, set-state or if), found ${this.describe(t)}`);
  }

  /** `{ action NL ... }` (each action ends its line, as in ifstated's grammar) or one action. */
  parseActionBlock(inState: boolean, what: string): IfstatedAction[] {
    this.skipNewlines();
    if (!this.isPunct("{")) return [this.parseAction(inState)];
    const open = this.next();
    this.skipNewlines();
    if (this.isPunct("}")) this.fail(this.peek(), `empty '${what}' block`);
    const actions: IfstatedAction[] = [];
    while (!this.isPunct("}")) {
      if (this.peek().kind === "eof") this.fail(open, `unterminated '{' of '${what}'`);
      actions.push(this.parseAction(inState));
      const after = this.peek();
      if (after.kind !== "nl" && after.kind !== "comment") {
        this.fail(after, `expected end of line after the action, found ${this.describe(after)} (ifstated needs each action in a block on its own line)`);
      }
      this.skipNewlines();
    }
    this.next();
    return actions;
  }

  parseState(): IfstatedState {
    this.next(); // state
    const name = this.string("a state name after 'state'");
    this.stateDecls.push({ name: name.text, token: name });
    this.skipNewlines();
    if (!this.isPunct("{")) this.fail(this.peek(), `expected '{' after 'state ${name.text}', found ${this.describe(this.peek())}`);
    const open = this.next();
    this.skipNewlines();
    if (this.isPunct("}")) this.fail(this.peek(), `state '${name.text}' is empty (it needs an init block or an action)`);
    const init: IfstatedAction[] = [];
    const body: IfstatedAction[] = [];
    while (!this.isPunct("}")) {
      if (this.peek().kind === "eof") this.fail(open, `unterminated '{' of state '${name.text}'`);
      if (this.isKeyword("init")) {
        this.next();
        init.push(...this.parseActionBlock(true, "init"));
      } else body.push(this.parseAction(true));
      const after = this.peek();
      if (after.kind !== "nl" && after.kind !== "comment") this.fail(after, `expected end of line, found ${this.describe(after)}`);
      this.skipNewlines();
    }
    this.next();
    return { kind: "state", name: name.text, init, body };
  }

  parseEntry(): IfstatedEntry {
    const t = this.peek();
    if (t.kind === "comment") {
      this.next();
      return { kind: "comment", text: t.text };
    }
    if (this.isKeyword("init-state")) {
      this.next();
      const s = this.string("a state name after 'init-state'");
      this.stateRefs.push({ name: s.text, token: s });
      return { kind: "init-state", state: s.text };
    }
    if (this.isKeyword("state")) return this.parseState();
    if (this.isKeyword("init")) this.fail(t, "'init' is only allowed inside a state");
    if (this.isKeyword("run") || this.isKeyword("set-state") || this.isKeyword("if")) return { kind: "action", action: this.parseAction(false) };
    if ((t.kind === "word" || t.kind === "string") && this.isPunct("=", 1)) {
      const name = this.string("a macro name");
      if (!/^[A-Za-z0-9_]+$/.test(name.text)) this.fail(name, `macro name '${name.text}' cannot be referenced as $name (letters, digits and _ only)`);
      this.next(); // =
      const parts = [this.string(`a quoted value for macro '${name.text}'`).text];
      while (this.peek().kind === "string" || this.peek().kind === "word") parts.push(this.string(`a quoted value for macro '${name.text}'`).text);
      const value = parts.join(" ");
      this.macros.set(name.text, value);
      return { kind: "macro", name: name.text, value };
    }
    this.fail(t, `expected init-state, state, run, if, a macro (name = "value") or a comment, found ${this.describe(t)}`);
  }

  parseConfig(): IfstatedConfig {
    const entries: IfstatedEntry[] = [];
    this.skipBlankLines();
    while (this.peek().kind !== "eof") {
      entries.push(this.parseEntry());
      const t = this.peek();
      if (t.kind !== "nl" && t.kind !== "eof") this.fail(t, `expected end of line, found ${this.describe(t)}`);
      this.skipBlankLines();
    }
    const declared = new Set<string>();
    for (const d of this.stateDecls) {
      if (declared.has(d.name)) this.fail(d.token, `state ${d.name} already exists`);
      declared.add(d.name);
    }
    for (const r of this.stateRefs) if (!declared.has(r.name)) this.fail(r.token, `state '${r.name}' is not declared`);
    return { entries };
  }

  skipBlankLines(): void {
    while (this.peek().kind === "nl") this.next();
  }
}

function asError(e: unknown): ParseError {
  if (e instanceof IfstatedSyntaxError) return { line: e.line, column: e.column, message: e.message };
  throw e;
}

/** Parses ifstated.conf text. Never throws on bad input: the first error comes back with line:column. */
export function parseIfstated(text: string): ParseResult<IfstatedConfig> {
  try {
    return { ok: true, value: new Parser(tokenize(text), new Map()).parseConfig() };
  } catch (e) {
    return { ok: false, errors: [asError(e)] };
  }
}

/** Parses one expression (no macros), e.g. a macro's value. */
export function parseIfstatedExpression(text: string): ParseResult<IfstatedExpr> {
  try {
    const parser = new Parser(tokenize(text), new Map(), true);
    const expr = parser.parseExpr();
    if (parser.peek().kind !== "eof") parser.fail(parser.peek(), `unexpected ${parser.describe(parser.peek())}`);
    return { ok: true, value: expr };
  } catch (e) {
    return { ok: false, errors: [asError(e)] };
  }
}

/** The config with every `$macro` in an expression replaced by the expression it stands for. */
export function expandIfstatedMacros(config: IfstatedConfig): IfstatedConfig {
  const macros = new Map<string, IfstatedExpr>();
  const expr = (e: IfstatedExpr): IfstatedExpr => {
    switch (e.kind) {
      case "macro": {
        const v = macros.get(e.name);
        if (!v) throw new Error(`macro '${e.name}' is not defined or is not an expression`);
        return v;
      }
      case "not": return { kind: "not", operand: expr(e.operand) };
      case "and": case "or": return { kind: e.kind, left: expr(e.left), right: expr(e.right) };
      default: return e;
    }
  };
  const action = (a: IfstatedAction): IfstatedAction => (a.kind === "if" ? { kind: "if", condition: expr(a.condition), actions: a.actions.map(action) } : a);
  const entries = config.entries.map((e): IfstatedEntry => {
    switch (e.kind) {
      case "macro": {
        const parsed = parseIfstatedExpression(e.value);
        if (parsed.ok) macros.set(e.name, parsed.value);
        else macros.delete(e.name);
        return e;
      }
      case "action": return { kind: "action", action: action(e.action) };
      case "state": return { ...e, init: e.init.map(action), body: e.body.map(action) };
      default: return e;
    }
  });
  return { entries };
}
