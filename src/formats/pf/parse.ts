// Parser for the pf.conf subset the lab writes: comments, macros, tables, `set skip`/`set`, and
// pass/block rules (direction, log, quick, on, inet, proto, from/to with ports, flags, icmp-type,
// state, label). Errors are values with line:column; the parser recovers at the next line.
// Checks pfctl makes too: macros defined before use, options before rules, ports only with tcp/udp.

import { parseIpv4 } from "../../lib/ipv4.js";
import type {
  ParseError, ParseResult, PfEndpoint, PfMacro, PfHostItem, PfInterfaceItem, PfPort, PfPortItem, PfRule, PfRuleset,
  PfState, PfStatement, PfTableEntry, PfTableFlag,
} from "./ast.js";
import { ANY } from "./ast.js";

type TokenKind = "word" | "string" | "macro" | "table" | "punct" | "nl" | "comment" | "eof";

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Index of the token's first character in the tokenized text. */
  readonly offset: number;
}

class PfSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
  }
}

const TWO_CHAR_OPS = new Set(["!=", "<=", ">=", "<>", "><"]);

/** ASCII character classes by char code: word ([A-Za-z0-9_.\-:/*@+]), macro name ([A-Za-z0-9_]), table name ([A-Za-z0-9_-]). */
const WORD = 1;
const MACRO_NAME = 2;
const TABLE_NAME = 4;
const CHAR_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const ch = String.fromCharCode(code);
  if (/[A-Za-z0-9_.\-:/*@+]/.test(ch)) CHAR_CLASS[code]! |= WORD;
  if (/[A-Za-z0-9_]/.test(ch)) CHAR_CLASS[code]! |= MACRO_NAME;
  if (/[A-Za-z0-9_-]/.test(ch)) CHAR_CLASS[code]! |= TABLE_NAME;
}

function isClass(code: number, cls: number): boolean {
  return code < 128 && (CHAR_CLASS[code]! & cls) !== 0;
}

/** A `<name>` table reference is recognised only within 80 characters, as it always was. */
const TABLE_REF_MAX = 80;

/**
 * Splits pf.conf text into tokens; comments at the start of a line become comment tokens. One pass
 * over char codes; only a newline moves to the next line, every other character is one column.
 */
function tokenize(text: string, origin: { line: number; column: number } = { line: 1, column: 1 }): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let line = origin.line;
  let column = origin.column;
  let lineStart = true;
  let start = 0;
  const push = (kind: TokenKind, value: string, l: number, c: number) => {
    tokens.push({ kind, text: value, line: l, column: c, offset: start });
    lineStart = kind === "nl";
  };
  while (i < n) {
    start = i;
    const code = text.charCodeAt(i);
    const c = text[i]!;
    const l = line;
    const col = column;
    if (code === 32 || code === 9 || code === 13) {
      i++;
      column++;
    } else if (code === 92 && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
      i += text.charCodeAt(i + 1) === 10 ? 2 : 3;
      line++;
      column = 1;
    } else if (code === 10) {
      push("nl", "\n", l, col);
      i++;
      line++;
      column = 1;
    } else if (c === "#") {
      let end = text.indexOf("\n", i);
      if (end < 0) end = n;
      const body = text.slice(i + 1, end).replace(/\s+$/, "");
      if (lineStart) push("comment", body.startsWith(" ") ? body.slice(1) : body, l, col);
      column += end - i;
      i = end;
    } else if (c === '"' || c === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= n || text.charCodeAt(j) === 10) throw new PfSyntaxError(l, col, "unterminated quoted string");
        const ch = text[j]!;
        if (ch === "\\" && text[j + 1] === c) {
          value += c;
          j += 2;
        } else if (ch === c) {
          j++;
          break;
        } else {
          value += ch;
          j++;
        }
      }
      column += j - i;
      i = j;
      push("string", value, l, col);
    } else if (c === "$") {
      let j = i + 1;
      while (j < n && isClass(text.charCodeAt(j), MACRO_NAME)) j++;
      if (j === i + 1) throw new PfSyntaxError(l, col, "'$' must be followed by a macro name");
      push("macro", text.slice(i + 1, j), l, col);
      column += j - i;
      i = j;
    } else if (c === "<") {
      let j = i + 1;
      while (j < n && isClass(text.charCodeAt(j), TABLE_NAME)) j++;
      if (j > i + 1 && text.charCodeAt(j) === 62 && j + 1 - i <= TABLE_REF_MAX) {
        push("table", text.slice(i + 1, j), l, col);
        column += j + 1 - i;
        i = j + 1;
      } else {
        const two = text.slice(i, i + 2);
        const op = TWO_CHAR_OPS.has(two) ? two : "<";
        push("punct", op, l, col);
        column += op.length;
        i += op.length;
      }
    } else if (c === ">" || c === "!") {
      const two = text.slice(i, i + 2);
      const op = TWO_CHAR_OPS.has(two) ? two : c;
      push("punct", op, l, col);
      column += op.length;
      i += op.length;
    } else if (c === "{" || c === "}" || c === "(" || c === ")" || c === "," || c === "=") {
      push("punct", c, l, col);
      i++;
      column++;
    } else if (isClass(code, WORD)) {
      let j = i + 1;
      while (j < n && isClass(text.charCodeAt(j), WORD)) j++;
      push("word", text.slice(i, j), l, col);
      column += j - i;
      i = j;
    } else {
      throw new PfSyntaxError(l, col, `unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ kind: "eof", text: "", line, column, offset: n });
  return tokens;
}

/**
 * The common case of parseAddressText without regular expressions: a valid dotted quad (no leading
 * zeros, octets <= 255) with an optional /0-32. Anything else is undefined and takes the checked path.
 */
function scanAddress(text: string): { address: string; prefixLength?: number } | undefined {
  const n = text.length;
  let i = 0;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (text.charCodeAt(i) !== 46) return undefined;
      i++;
    }
    const start = i;
    let value = 0;
    while (i < n && i - start < 3) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || value > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return undefined;
  }
  if (i === n) return { address: text };
  if (text.charCodeAt(i) !== 47) return undefined;
  const address = text.slice(0, i);
  i++;
  const start = i;
  let prefixLength = 0;
  while (i < n && i - start < 2) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    prefixLength = prefixLength * 10 + d;
    i++;
  }
  if (i === start || i !== n || prefixLength > 32) return undefined;
  return { address, prefixLength };
}

const ICMP_TYPES: Readonly<Record<string, number>> = {
  echorep: 0, unreach: 3, squench: 4, redir: 5, althost: 6, echoreq: 8, routeradv: 9, routersol: 10,
  timex: 11, paramprob: 12, timereq: 13, timerep: 14, inforeq: 15, inforep: 16, maskreq: 17, maskrep: 18, trace: 30,
};

/** Well-known service names pf resolves through /etc/services (the ones a lab is likely to write). */
const SERVICES: Readonly<Record<string, number>> = {
  ssh: 22, smtp: 25, domain: 53, http: 80, www: 80, sunrpc: 111, ntp: 123, https: 443, nfsd: 2049, "iscsi-target": 3260,
  mysql: 3306,
};

const PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, icmp6: 58, ospf: 89, pim: 103, carp: 112, vrrp: 112, pfsync: 240,
};

export function icmpTypeNumber(type: string): number | undefined {
  if (/^\d{1,3}$/.test(type)) return Number(type) <= 255 ? Number(type) : undefined;
  return ICMP_TYPES[type];
}

export function serviceNumber(port: PfPort): number | undefined {
  return typeof port === "number" ? port : SERVICES[port];
}

export function protocolNumber(proto: string | number): number | undefined {
  if (typeof proto === "number") return proto;
  if (/^\d{1,3}$/.test(proto)) return Number(proto) <= 255 ? Number(proto) : undefined;
  return PROTOCOLS[proto];
}

const STATEMENT_KEYWORDS = ["pass", "block", "table", "set"];
const UNSUPPORTED = new Set(["scrub", "nat", "rdr", "binat", "antispoof", "match", "anchor", "altq", "queue", "load", "include", "nat-anchor", "rdr-anchor"]);

type MacroContext = "interfaces" | "hosts" | "ports" | "table-entries";

/** Table bodies already parsed, by their exact text (only bodies of plain addresses, so no macro is involved). */
const tableBodyCache = new Map<string, readonly PfTableEntry[]>();
const TABLE_BODY_CACHE_MAX = 256;

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly macros: ReadonlyMap<string, string>,
    private readonly depth = 0,
    /** The text the tokens come from (top level only): lets a table body repeated across files be parsed once. */
    private readonly source?: string,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  fail(token: Token, message: string): never {
    throw new PfSyntaxError(token.line, token.column, message);
  }

  describe(token: Token): string {
    switch (token.kind) {
      case "eof": return "end of file";
      case "nl": return "end of line";
      case "string": return `"${token.text}"`;
      case "macro": return `$${token.text}`;
      case "table": return `<${token.text}>`;
      case "comment": return "a comment";
      default: return `'${token.text}'`;
    }
  }

  isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "word" && t.text === text;
  }

  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "punct" && t.text === text;
  }

  acceptWord(text: string): boolean {
    if (!this.isWord(text)) return false;
    this.next();
    return true;
  }

  expectWord(text: string, why: string): void {
    if (!this.acceptWord(text)) this.fail(this.peek(), `expected '${text}' ${why}, found ${this.describe(this.peek())}`);
  }

  expectPunct(text: string, why: string): void {
    if (!this.isPunct(text)) this.fail(this.peek(), `expected '${text}' ${why}, found ${this.describe(this.peek())}`);
    this.next();
  }

  skipNewlines(): void {
    while (this.peek().kind === "nl" || this.peek().kind === "comment") this.next();
  }

  atEnd(): boolean {
    const k = this.peek().kind;
    return k === "nl" || k === "eof";
  }

  expectEnd(what: string): void {
    if (!this.atEnd()) this.fail(this.peek(), `unexpected ${this.describe(this.peek())} after ${what}`);
  }

  /** Checks that `$name` is defined and that its text parses as items of `context`. */
  checkMacro(token: Token, context: MacroContext): void {
    const value = this.macros.get(token.text);
    if (this.depth > 0) this.fail(token, `pfctl does not expand '$${token.text}' inside a macro's value`);
    if (value === undefined) this.fail(token, `macro '${token.text}' is not defined (define it before its first use)`);
    let sub: Parser;
    try {
      sub = new Parser(tokenize(value, { line: token.line, column: token.column }), this.macros, this.depth + 1);
      sub.parseMacroValue(context);
    } catch (e) {
      if (e instanceof PfSyntaxError) this.fail(token, `macro '${token.text}' = "${value}" is not valid here: ${e.message}`);
      throw e;
    }
  }

  parseMacroValue(context: MacroContext): void {
    switch (context) {
      case "interfaces": this.parseInterfaces(); break;
      case "hosts": this.parseHosts(); break;
      case "ports": this.parsePortList(); break;
      case "table-entries": this.parseTableEntriesOrList(); break;
    }
    if (this.peek().kind !== "eof") this.fail(this.peek(), `unexpected ${this.describe(this.peek())}`);
  }

  /** One item or a `{ ... }` list of items separated by commas, spaces or newlines. */
  parseList<T>(item: () => T, what: string): T[] {
    if (!this.isPunct("{")) return [item()];
    const open = this.next();
    const items: T[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct("}")) {
        this.next();
        break;
      }
      if (this.peek().kind === "eof") this.fail(open, `unterminated '{' list of ${what}`);
      items.push(item());
      this.skipNewlines();
      if (this.isPunct(",")) this.next();
    }
    if (items.length === 0) this.fail(open, `empty list of ${what}`);
    return items;
  }

  parseInterfaces(): PfInterfaceItem[] {
    return this.parseList(() => {
      const negated = this.acceptNot();
      const t = this.next();
      if (t.kind === "macro") {
        this.checkMacro(t, "interfaces");
        return { kind: "macro", name: t.text, negated };
      }
      if (t.kind !== "word" || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(t.text)) this.fail(t, `expected an interface name, found ${this.describe(t)}`);
      return { kind: "interface", name: t.text, negated };
    }, "interfaces");
  }

  acceptNot(): boolean {
    if (!this.isPunct("!")) return false;
    this.next();
    return true;
  }

  parseAddressText(t: Token): { address: string; prefixLength?: number } {
    const fast = scanAddress(t.text);
    if (fast !== undefined) return fast;
    const m = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:\/(\d{1,2}))?$/.exec(t.text);
    if (!m) this.fail(t, `expected an IPv4 address, <table>, $macro, (interface), self or any, found ${this.describe(t)}`);
    if (parseIpv4(m[1]!) === undefined) this.fail(t, `invalid IPv4 address '${m[1]}'`);
    if (m[2] === undefined) return { address: m[1]! };
    const prefixLength = Number(m[2]);
    if (prefixLength > 32) this.fail(t, `invalid prefix length /${m[2]} (0-32)`);
    return { address: m[1]!, prefixLength };
  }

  parseHostItem(): PfHostItem {
    const negated = this.acceptNot();
    const t = this.peek();
    if (t.kind === "word" && t.text === "any") {
      if (negated) this.fail(t, "'! any' matches nothing");
      this.next();
      return { kind: "any" };
    }
    if (t.kind === "word" && t.text === "self") {
      this.next();
      return { kind: "self", negated };
    }
    if (t.kind === "table") {
      this.next();
      return { kind: "table", name: t.text, negated };
    }
    if (t.kind === "macro") {
      this.next();
      this.checkMacro(t, "hosts");
      return { kind: "macro", name: t.text, negated };
    }
    if (this.isPunct("(")) {
      this.next();
      const inner = this.next();
      let item: PfHostItem;
      if (inner.kind === "macro") {
        this.checkMacro(inner, "interfaces");
        item = { kind: "interface-address", interface: inner.text, macro: true, negated };
      } else if (inner.kind === "word" && /^[A-Za-z][A-Za-z0-9_.]*$/.test(inner.text)) {
        item = { kind: "interface-address", interface: inner.text, macro: false, negated };
      } else this.fail(inner, `expected an interface name inside '( )', found ${this.describe(inner)}`);
      this.expectPunct(")", "to close the interface address");
      return item;
    }
    this.next();
    if (t.kind !== "word") this.fail(t, `expected an address, <table>, $macro, (interface), self or any, found ${this.describe(t)}`);
    return { kind: "address", ...this.parseAddressText(t), negated };
  }

  parseHosts(): PfHostItem[] {
    const items = this.parseList(() => this.parseHostItem(), "addresses");
    if (items.length > 1 && items.some((h) => h.kind === "any")) this.fail(this.peek(), "'any' cannot be part of a list");
    return items;
  }

  parsePortValue(t: Token): PfPort {
    if (t.kind !== "word") this.fail(t, `expected a port, found ${this.describe(t)}`);
    if (/^\d+$/.test(t.text)) {
      const n = Number(t.text);
      if (n > 65535) this.fail(t, `port ${t.text} is out of range (0-65535)`);
      return n;
    }
    if (SERVICES[t.text] === undefined) this.fail(t, `unknown port name '${t.text}' (use a number)`);
    return t.text;
  }

  parsePortItem(): PfPortItem {
    const t = this.peek();
    if (t.kind === "macro") {
      this.next();
      this.checkMacro(t, "ports");
      return { kind: "macro", name: t.text };
    }
    if (t.kind === "punct" && ["=", "!=", "<", "<=", ">", ">="].includes(t.text)) {
      this.next();
      return { kind: "unary", op: t.text as "=", port: this.parsePortValue(this.next()) };
    }
    this.next();
    if (t.kind === "word" && t.text.includes(":")) {
      const [a, b, extra] = t.text.split(":");
      if (extra !== undefined || !a || !b) this.fail(t, `invalid port range '${t.text}'`);
      const from = this.parsePortValue({ ...t, text: a });
      const to = this.parsePortValue({ ...t, text: b });
      if ((serviceNumber(from) ?? 0) > (serviceNumber(to) ?? 0)) this.fail(t, `port range '${t.text}' is reversed`);
      return { kind: "range", op: ":", from, to };
    }
    const from = this.parsePortValue(t);
    if (this.isPunct("><") || this.isPunct("<>")) {
      const op = this.next().text as "><" | "<>";
      return { kind: "range", op, from, to: this.parsePortValue(this.next()) };
    }
    return { kind: "unary", op: "=", port: from };
  }

  parsePortList(): PfPortItem[] {
    return this.parseList(() => this.parsePortItem(), "ports");
  }

  parseEndpoint(): PfEndpoint {
    const hosts = this.isWord("port") ? ANY.hosts : this.parseHosts();
    if (!this.acceptWord("port")) return { hosts };
    return { hosts, ports: this.parsePortList() };
  }

  parseTableEntry(): PfTableEntry {
    const negated = this.acceptNot();
    const t = this.next();
    if (t.kind === "macro") {
      this.checkMacro(t, "table-entries");
      return { kind: "macro", name: t.text, negated };
    }
    if (t.kind !== "word") this.fail(t, `expected a table entry (address or CIDR), found ${this.describe(t)}`);
    return { kind: "address", ...this.parseAddressText(t), negated };
  }

  parseTableEntriesOrList(): PfTableEntry[] {
    if (this.isPunct("{")) return this.parseTableBodyTokens();
    return [this.parseTableEntry()];
  }

  /**
   * The text of a `{ ... }` table body made only of words, commas and newlines (the common case), or
   * undefined: such a body's entries depend on its text alone.
   */
  plainTableBody(): { key: string; end: number } | undefined {
    if (this.source === undefined) return undefined;
    const tokens = this.tokens;
    const open = tokens[this.pos]!;
    for (let j = this.pos + 1; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind === "word" || t.kind === "nl" || (t.kind === "punct" && t.text === ",")) continue;
      if (t.kind === "punct" && t.text === "}") return { key: this.source.slice(open.offset, t.offset + 1), end: j + 1 };
      return undefined;
    }
    return undefined;
  }

  parseTableBody(): readonly PfTableEntry[] {
    if (!this.isPunct("{")) return this.parseTableBodyTokens();
    const plain = this.plainTableBody();
    if (plain === undefined) return this.parseTableBodyTokens();
    const cached = tableBodyCache.get(plain.key);
    if (cached !== undefined) {
      this.pos = plain.end;
      return cached;
    }
    const entries = this.parseTableBodyTokens();
    if (tableBodyCache.size >= TABLE_BODY_CACHE_MAX) tableBodyCache.clear();
    tableBodyCache.set(plain.key, entries);
    return entries;
  }

  parseTableBodyTokens(): PfTableEntry[] {
    const open = this.peek();
    this.expectPunct("{", "to open the table's addresses");
    const entries: PfTableEntry[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct("}")) {
        this.next();
        return entries;
      }
      if (this.peek().kind === "eof") this.fail(open, "unterminated '{' in table");
      entries.push(this.parseTableEntry());
      this.skipNewlines();
      if (this.isPunct(",")) this.next();
    }
  }

  parseTable(): PfStatement {
    this.next(); // table
    const name = this.next();
    if (name.kind !== "table") this.fail(name, `expected <name> after 'table', found ${this.describe(name)}`);
    const flags: PfTableFlag[] = [];
    while (this.peek().kind === "word") {
      const f = this.next();
      if (f.text !== "const" && f.text !== "persist" && f.text !== "counters") {
        this.fail(f, f.text === "file" ? "table files are not supported: list the addresses in { }" : `unknown table option '${f.text}'`);
      }
      if (!flags.includes(f.text)) flags.push(f.text);
    }
    const entries = this.parseTableBody();
    this.expectEnd("the table");
    return { kind: "table", name: name.text, flags, entries };
  }

  parseSet(): PfStatement {
    this.next(); // set
    const name = this.next();
    if (name.kind !== "word") this.fail(name, `expected an option name after 'set', found ${this.describe(name)}`);
    if (name.text === "skip") {
      this.expectWord("on", "after 'set skip'");
      const interfaces = this.parseInterfaces();
      this.expectEnd("'set skip'");
      return { kind: "set-skip", interfaces };
    }
    const words: string[] = [];
    while (!this.atEnd()) {
      const t = this.next();
      if (t.kind !== "word") this.fail(t, `expected a word in 'set ${name.text}', found ${this.describe(t)}`);
      words.push(t.text);
    }
    if (words.length === 0) this.fail(this.peek(), `'set ${name.text}' needs a value`);
    return { kind: "set", name: name.text, value: words.join(" ") };
  }

  parseMacroDefinition(macros: Map<string, string>): PfMacro {
    const name = this.next();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.text)) this.fail(name, `invalid macro name '${name.text}' (letters, digits and _)`);
    this.next(); // =
    const parts: string[] = [];
    while (!this.atEnd()) {
      const t = this.next();
      if (t.kind === "string" || t.kind === "word") parts.push(t.text);
      else if (t.kind === "macro") {
        const v = macros.get(t.text);
        if (v === undefined) this.fail(t, `macro '${t.text}' is not defined (define it before its first use)`);
        parts.push(v);
      } else this.fail(t, `expected a quoted value for macro '${name.text}', found ${this.describe(t)}`);
    }
    if (parts.length === 0) this.fail(this.peek(), `macro '${name.text}' needs a value`);
    return { kind: "macro", name: name.text, value: parts.join(" ") };
  }

  parseState(kind: PfState["kind"]): PfState {
    this.expectWord("state", `after '${kind}'`);
    const options: string[] = [];
    if (kind !== "no" && this.isPunct("(")) {
      const open = this.next();
      let words: string[] = [];
      for (;;) {
        const t = this.next();
        if (t.kind === "word") words.push(t.text);
        else if (t.kind === "punct" && (t.text === "," || t.text === ")")) {
          if (words.length === 0) this.fail(t, "empty state option");
          options.push(words.join(" "));
          words = [];
          if (t.text === ")") break;
        } else if (t.kind === "eof" || t.kind === "nl") this.fail(open, "unterminated '(' in state options");
        else this.fail(t, `unexpected ${this.describe(t)} in state options`);
      }
    }
    return { kind, options };
  }

  parseRule(): PfRule {
    const rule: Record<string, unknown> = { kind: "rule" };
    const actionToken = this.next();
    rule.action = actionToken.text;
    if (actionToken.text === "block" && (this.isWord("drop") || this.isWord("return"))) rule.blockPolicy = this.next().text;
    if (this.isWord("in") || this.isWord("out")) rule.direction = this.next().text;
    rule.log = this.acceptWord("log");
    rule.quick = this.acceptWord("quick");
    if (this.acceptWord("on")) rule.interfaces = this.parseInterfaces();
    if (this.isWord("inet") || this.isWord("inet6")) rule.af = this.next().text;
    let protoToken: Token | undefined;
    if (this.isWord("proto")) {
      protoToken = this.next();
      rule.protocols = this.parseList(() => {
        const t = this.next();
        if (t.kind !== "word" || protocolNumber(t.text) === undefined) this.fail(t, `unknown protocol ${this.describe(t)}`);
        return t.text;
      }, "protocols");
    }
    let from: PfEndpoint = ANY;
    let to: PfEndpoint = ANY;
    const fromToStart = this.peek();
    // `all`, `from X`, `to Y`, both, or neither (pf reads a missing side as any).
    if (!this.acceptWord("all")) {
      if (this.acceptWord("from")) from = this.parseEndpoint();
      if (this.acceptWord("to")) to = this.parseEndpoint();
    }
    rule.from = from;
    rule.to = to;
    const seen = new Set<string>();
    const once = (t: Token, what: string) => {
      if (seen.has(what)) this.fail(t, `${what} given twice`);
      seen.add(what);
    };
    while (!this.atEnd()) {
      const t = this.next();
      if (t.kind !== "word") this.fail(t, `unexpected ${this.describe(t)} in rule`);
      switch (t.text) {
        case "flags": {
          once(t, "flags");
          const f = this.next();
          if (f.kind !== "word" || !/^([FSRPAUEW]*\/[FSRPAUEW]+|any)$/.test(f.text)) this.fail(f, `invalid flags ${this.describe(f)} (e.g. S/SA or any)`);
          rule.flags = f.text;
          break;
        }
        case "icmp-type": {
          once(t, "icmp-type");
          const v = this.next();
          if (v.kind !== "word" || icmpTypeNumber(v.text) === undefined) this.fail(v, `unknown icmp-type ${this.describe(v)}`);
          rule.icmpType = v.text;
          break;
        }
        case "keep": case "modulate": case "synproxy": case "no":
          once(t, "state");
          rule.state = this.parseState(t.text);
          break;
        case "label": {
          once(t, "label");
          const v = this.next();
          if (v.kind !== "string") this.fail(v, `expected a quoted label, found ${this.describe(v)}`);
          rule.label = v.text;
          break;
        }
        default:
          this.fail(t, `unknown rule option '${t.text}'`);
      }
    }
    const protocols = rule.protocols as string[] | undefined;
    if ((from.ports || to.ports) && (!protocols || protocols.some((p) => p !== "tcp" && p !== "udp"))) {
      this.fail(protoToken ?? fromToStart, "port only applies to tcp/udp: add 'proto tcp' or 'proto { tcp, udp }'");
    }
    if (rule.icmpType !== undefined && (!protocols || protocols.length !== 1 || protocols[0] !== "icmp")) {
      this.fail(protoToken ?? fromToStart, "icmp-type requires 'proto icmp'");
    }
    return orderRule(rule);
  }
}

const RULE_KEYS = ["kind", "action", "blockPolicy", "direction", "log", "quick", "interfaces", "af", "protocols", "from", "to", "flags", "icmpType", "state", "label"];

/** Same key order as pfRule() builds, so printed ASTs read alike. */
function orderRule(rule: Record<string, unknown>): PfRule {
  const out: Record<string, unknown> = {};
  for (const key of RULE_KEYS) if (rule[key] !== undefined) out[key] = rule[key];
  return out as unknown as PfRule;
}

export interface PfParsed {
  readonly ruleset: PfRuleset;
  /** 1-based line of each statement, index for index. */
  readonly lines: readonly number[];
}

/** Parses pf.conf text. Never throws on bad input: errors come back with line and column. */
export function parsePfWithLines(text: string): ParseResult<PfParsed> {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof PfSyntaxError) return { ok: false, errors: [{ line: e.line, column: e.column, message: e.message }] };
    throw e;
  }
  const macros = new Map<string, string>();
  const parser: Parser = new Parser(tokens, macros, 0, text);
  const statements: PfStatement[] = [];
  const lines: number[] = [];
  const errors: ParseError[] = [];
  let seenRule = false;
  for (;;) {
    while (parser.peek().kind === "nl") parser.next();
    const start = parser.peek();
    if (start.kind === "eof") break;
    try {
      let statement: PfStatement;
      if (start.kind === "comment") {
        parser.next();
        statement = { kind: "comment", text: start.text };
      } else if (start.kind === "word" && parser.isPunct("=", 1)) {
        statement = parser.parseMacroDefinition(macros);
        macros.set(statement.name, statement.value);
      } else if (start.kind === "word" && start.text === "table") {
        statement = parser.parseTable();
      } else if (start.kind === "word" && start.text === "set") {
        if (seenRule) parser.fail(start, "options ('set') must come before filter rules");
        statement = parser.parseSet();
      } else if (start.kind === "word" && (start.text === "pass" || start.text === "block")) {
        statement = parser.parseRule();
        seenRule = true;
      } else if (start.kind === "word" && UNSUPPORTED.has(start.text)) {
        parser.fail(start, `'${start.text}' is not part of the pf subset the lab uses (macros, tables, set, pass, block)`);
      } else {
        parser.fail(start, `expected a statement (${STATEMENT_KEYWORDS.join(", ")}, a macro or a comment), found ${parser.describe(start)}`);
      }
      parser.expectEnd("the statement");
      statements.push(statement);
      lines.push(start.line);
    } catch (e) {
      if (!(e instanceof PfSyntaxError)) throw e;
      errors.push({ line: e.line, column: e.column, message: e.message });
      while (parser.peek().kind !== "nl" && parser.peek().kind !== "eof") parser.next();
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ruleset: { statements }, lines } };
}

/** Parses pf.conf text into a ruleset; errors as values. */
export function parsePf(text: string): ParseResult<PfRuleset> {
  const r = parsePfWithLines(text);
  return r.ok ? { ok: true, value: r.value.ruleset } : r;
}

/** Parses a macro's text as the items it stands for where it is used (for resolvers). */
export function parsePfMacroValue(value: string, context: "interfaces"): PfInterfaceItem[];
export function parsePfMacroValue(value: string, context: "hosts"): PfHostItem[];
export function parsePfMacroValue(value: string, context: "ports"): PfPortItem[];
export function parsePfMacroValue(value: string, context: "table-entries"): PfTableEntry[];
export function parsePfMacroValue(value: string, context: MacroContext): unknown[] {
  const parser = new Parser(tokenize(value), new Map(), 1);
  let items: unknown[];
  switch (context) {
    case "interfaces": items = parser.parseInterfaces(); break;
    case "hosts": items = parser.parseHosts(); break;
    case "ports": items = parser.parsePortList(); break;
    case "table-entries": items = parser.parseTableEntriesOrList(); break;
  }
  if (parser.peek().kind !== "eof") throw new Error(`macro value "${value}" has extra text`);
  return items;
}
