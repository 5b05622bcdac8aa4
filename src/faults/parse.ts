// Faults from text as users and instructors write them ("30s: power-off proxy01", "heal nic-down
// proxy01 em0"); errors are values with a 1-based column and a hint naming the valid forms.

import { closest } from "../lib/suggest.js";
import { describeForm, listForms } from "./forms.js";
import { formatFault } from "./format.js";
import { inverseOf, isRepair } from "./heal.js";
import { isAdditiveSysctl } from "./sysctls.js";
import { parseDurationUs, TIME_HINT } from "./time-text.js";
import { FAULT_KINDS, isFaultKind, type Fault, type FaultKind, type ScheduledFault } from "./types.js";

export { formatFault, formatScheduledFault } from "./format.js";

export interface FaultParseError {
  readonly message: string;
  /** 1-based column in the text where the problem is. */
  readonly column: number;
  readonly hint: string;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FaultParseError };

export type ScheduleParseResult =
  | { readonly ok: true; readonly value: readonly ScheduledFault[] }
  | { readonly ok: false; readonly errors: readonly { readonly index: number; readonly error: FaultParseError }[] };

interface Word {
  readonly text: string;
  /** 0-based index in the whole text. */
  readonly at: number;
}

type Step<T> = ParseResult<T>;

const NAME = /^[a-z][a-z0-9-]{0,30}$/;
const IFNAME = /^[a-z]{2,8}[0-9]{1,3}$/;
const SYSCTL_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const INTEGER = /^[+-]?\d+$/;
const PERCENT = /^(\d+(?:\.\d+)?)%?$/;

const NAME_HINT = 'lower-case letters, digits and "-", starting with a letter';
const NAME_RULES = {
  host: { pattern: NAME, label: "host name", hint: `a host name is ${NAME_HINT}` },
  network: { pattern: NAME, label: "network name", hint: `a network name is ${NAME_HINT}` },
  service: { pattern: NAME, label: "service name", hint: "a service such as nginx, varnish, haproxy, zope, solr, mysql, pf" },
  nic: { pattern: IFNAME, label: "NIC name", hint: "a FreeBSD interface name such as em0 or vtnet1" },
  lagg: { pattern: IFNAME, label: "LAGG name", hint: "a LAGG interface name such as lagg0" },
  disk: { pattern: NAME, label: "disk name", hint: "a disk name of the lab such as da3 (`lab show` lists them)" },
  pool: { pattern: NAME, label: "pool name", hint: "a ZFS pool name such as tank" },
} as const;
type NameKind = keyof typeof NAME_RULES;

const ARTICLE: Readonly<Record<string, string>> = { host: "a host", nic: "a NIC", lagg: "a LAGG", service: "a service", network: "a network", disk: "a disk", pool: "a pool" };

function fail<T>(message: string, at: number, hint: string): Step<T> {
  return { ok: false, error: { message, column: at + 1, hint } };
}

function ok<T>(value: T): Step<T> {
  return { ok: true, value };
}

function wordsOf(text: string, from: number): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0], at: m.index });
  return out;
}

/** `{text, at}` of a raw piece of the text with surrounding blanks removed. */
function trimmed(text: string, start: number, end: number): Word {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  return { text: raw.trim(), at: start + lead };
}

function checkName(word: Word, kind: NameKind): Step<string> {
  const rule = NAME_RULES[kind];
  return rule.pattern.test(word.text) ? ok(word.text) : fail(`bad ${rule.label} "${word.text}"`, word.at, rule.hint);
}

/** Where a missing argument would go: one past the end of the last word. */
function after(word: Word): number {
  return word.at + word.text.length + 1;
}

/** The positional name arguments of a kind, exactly `names.length` of them. */
function nameArgs(kind: FaultKind, words: readonly Word[], names: readonly NameKind[]): Step<string[]> {
  const values: string[] = [];
  for (const [i, name] of names.entries()) {
    const word = words[i + 1];
    if (!word) return fail(`${kind} needs ${ARTICLE[name]}`, after(words[i]!), describeForm(kind));
    const checked = checkName(word, name);
    if (!checked.ok) return checked;
    values.push(checked.value);
  }
  const rest = noMore(kind, words, names.length + 1);
  return rest.ok ? ok(values) : (rest as Step<string[]>);
}

function noMore(kind: FaultKind, words: readonly Word[], count: number): Step<null> {
  const extra = words[count];
  return extra ? fail(`unexpected "${extra.text}" after ${words.slice(0, count).map((w) => w.text).join(" ")}`, extra.at, describeForm(kind)) : ok(null);
}

/** A value word after `count` leading words (kind and names), and nothing after it. */
function valueWord(kind: FaultKind, words: readonly Word[], count: number, what: string): Step<Word> {
  const word = words[count];
  if (!word) return fail(`${kind} needs ${what}`, after(words[count - 1]!), describeForm(kind));
  const rest = noMore(kind, words, count + 1);
  return rest.ok ? ok(word) : (rest as Step<Word>);
}

function parsePartition(text: string, words: readonly Word[]): Step<Fault> {
  const first = words[1];
  if (!first) return fail("partition needs groups of hosts", after(words[0]!), describeForm("partition"));
  const groups: string[][] = [];
  let start = first.at;
  const end = text.length;
  const pieces: Word[] = [];
  for (let i = start; i <= end; i++) {
    if (i === end || text[i] === "|") {
      pieces.push(trimmed(text, start, i));
      start = i + 1;
    }
  }
  if (pieces.length < 2) return fail('partition needs at least two groups separated by "|"', first.at, describeForm("partition"));
  for (const piece of pieces) {
    if (!piece.text) return fail("empty group in partition", piece.at, describeForm("partition"));
    const group: string[] = [];
    let hostStart = piece.at;
    const pieceEnd = piece.at + piece.text.length;
    for (let i = hostStart; i <= pieceEnd; i++) {
      if (i === pieceEnd || text[i] === ",") {
        const host = trimmed(text, hostStart, i);
        if (!host.text) return fail("empty host name in partition group", host.at, describeForm("partition"));
        const checked = checkName(host, "host");
        if (!checked.ok) return checked as Step<Fault>;
        group.push(checked.value);
        hostStart = i + 1;
      }
    }
    groups.push(group);
  }
  return ok({ kind: "partition", groups });
}

function parseOneWayCut(text: string, words: readonly Word[]): Step<Fault> {
  const first = words[1];
  const form = describeForm("one-way-cut");
  if (!first) return fail("one-way-cut needs FROM->TO", after(words[0]!), form);
  const arrow = text.indexOf("->", first.at);
  if (arrow < 0) return fail(`one-way-cut needs FROM->TO, got "${text.slice(first.at).trim()}"`, first.at, form);
  const from = trimmed(text, first.at, arrow);
  const to = trimmed(text, arrow + 2, text.length);
  if (!from.text) return fail('missing host before "->"', arrow, form);
  if (!to.text) return fail('missing host after "->"', arrow + 2, form);
  const fromName = checkName(from, "host");
  if (!fromName.ok) return fromName as Step<Fault>;
  const toName = checkName(to, "host");
  if (!toName.ok) return toName as Step<Fault>;
  return ok({ kind: "one-way-cut", from: fromName.value, to: toName.value });
}

function parseSysctl(text: string, words: readonly Word[]): Step<Fault> {
  const form = describeForm("sysctl");
  const hostWord = words[1];
  if (!hostWord) return fail("sysctl needs a host", after(words[0]!), form);
  const host = checkName(hostWord, "host");
  if (!host.ok) return host as Step<Fault>;
  const setting = words[2];
  if (!setting) return fail("sysctl needs NAME=VALUE", after(hostWord), form);
  const eq = text.indexOf("=", setting.at);
  if (eq < 0) return fail(`sysctl needs NAME=VALUE, got "${text.slice(setting.at).trim()}"`, setting.at, form);
  const name = trimmed(text, setting.at, eq);
  const value = trimmed(text, eq + 1, text.length);
  if (!name.text) return fail('missing sysctl name before "="', eq, form);
  if (!SYSCTL_NAME.test(name.text)) return fail(`bad sysctl name "${name.text}"`, name.at, "a dotted sysctl name such as net.inet.carp.preempt");
  if (!value.text) return fail('missing value after "="', eq + 1, form);
  if (!INTEGER.test(value.text) || !Number.isSafeInteger(Number(value.text))) {
    return fail(`bad sysctl value "${value.text}"`, value.at, "an integer, e.g. net.inet.carp.preempt=0 or net.inet.carp.demotion=-240");
  }
  return ok({ kind: "sysctl", host: host.value, name: name.text, value: Number(value.text) });
}

function parseHeal(text: string, words: readonly Word[]): Step<Fault> {
  const target = words[1];
  if (!target) return ok({ kind: "heal" });
  const inner = parseKind(text, words.slice(1));
  if (!inner.ok) return inner;
  const fault = inner.value;
  const hint = 'write "heal" alone to heal partitions, or "heal FAULT" to undo that fault, e.g. "heal power-off proxy01"';
  if (fault.kind === "heal") return fail('"heal" cannot be healed', target.at, hint);
  if (isRepair(fault)) return fail(`"${formatFault(fault)}" is a repair, not a fault to heal`, target.at, hint);
  if (fault.kind === "sysctl" && !isAdditiveSysctl(fault.name)) {
    return fail(
      `cannot heal "${formatFault(fault)}": the value before it is unknown`,
      target.at,
      `write the value to restore instead, e.g. "sysctl ${fault.host} ${fault.name}=1"`,
    );
  }
  return ok(inverseOf(fault));
}

/** The fault in `words` (kind first); `text` is the whole line for raw arguments and columns. */
function parseKind(text: string, words: readonly Word[]): Step<Fault> {
  const head = words[0]!;
  const kind = head.text;
  if (!isFaultKind(kind)) {
    const near = closest(kind, FAULT_KINDS);
    return fail(`unknown fault "${kind}"${near ? `: did you mean "${near}"?` : ""}`, head.at, listForms());
  }
  switch (kind) {
    case "power-off":
    case "power-on":
    case "crash":
    case "reboot":
    case "replica-stop":
    case "replica-start":
    case "mysql-crash":
    case "storage-link-down":
    case "storage-link-up":
    case "storage-promote":
    case "storage-demote": {
      const args = nameArgs(kind, words, ["host"]);
      return args.ok ? ok({ kind, host: args.value[0]! }) : (args as Step<Fault>);
    }
    case "nic-down":
    case "nic-up": {
      const args = nameArgs(kind, words, ["host", "nic"]);
      return args.ok ? ok({ kind, host: args.value[0]!, nic: args.value[1]! }) : (args as Step<Fault>);
    }
    case "lagg-down":
    case "lagg-up": {
      const args = nameArgs(kind, words, ["host", "lagg"]);
      return args.ok ? ok({ kind, host: args.value[0]!, lagg: args.value[1]! }) : (args as Step<Fault>);
    }
    case "service-stop":
    case "service-start":
    case "service-crash":
    case "service-hang": {
      const args = nameArgs(kind, words, ["host", "service"]);
      return args.ok ? ok({ kind, host: args.value[0]!, service: args.value[1]! }) : (args as Step<Fault>);
    }
    case "disk-fail":
    case "disk-replace": {
      const args = nameArgs(kind, words, ["host", "disk"]);
      return args.ok ? ok({ kind, host: args.value[0]!, disk: args.value[1]! }) : (args as Step<Fault>);
    }
    case "pool-full":
    case "pool-free": {
      const args = nameArgs(kind, words, ["host", "pool"]);
      return args.ok ? ok({ kind, host: args.value[0]!, pool: args.value[1]! }) : (args as Step<Fault>);
    }
    case "slow-disk":
      return parseSlowDisk(words);
    case "storage-link-rate":
      return parseLinkRate(words);
    case "link-loss":
    case "link-delay":
      return parseLinkFault(kind, words);
    case "carp-demote":
      return parseCarpDemote(words);
    case "partition":
      return parsePartition(text, words);
    case "one-way-cut":
      return parseOneWayCut(text, words);
    case "sysctl":
      return parseSysctl(text, words);
    case "heal":
      return parseHeal(text, words);
  }
}

function parseLinkFault(kind: "link-loss" | "link-delay", words: readonly Word[]): Step<Fault> {
  const networkWord = words[1];
  if (!networkWord) return fail(`${kind} needs a network`, after(words[0]!), describeForm(kind));
  const network = checkName(networkWord, "network");
  if (!network.ok) return network as Step<Fault>;
  if (kind === "link-loss") {
    const word = valueWord(kind, words, 2, "a percentage");
    if (!word.ok) return word as Step<Fault>;
    const m = PERCENT.exec(word.value.text);
    if (!m) return fail(`bad percentage "${word.value.text}"`, word.value.at, "write a percentage as 30% or 2.5%");
    return ok({ kind, network: network.value, percent: Number(m[1]) });
  }
  const word = valueWord(kind, words, 2, "a delay");
  if (!word.ok) return word as Step<Fault>;
  const delay = parseDurationUs(word.value.text, { what: "delay", plainUnit: null, hint: "write a delay with its unit: 200ms, 1.5s, 250us" });
  if (!delay.ok) return fail(delay.message, word.value.at, delay.hint);
  return ok({ kind, network: network.value, delayMs: delay.us / 1000 });
}

function parseSlowDisk(words: readonly Word[]): Step<Fault> {
  const names = nameArgs("slow-disk", words.slice(0, 3), ["host", "disk"]);
  if (!names.ok) return names as Step<Fault>;
  const word = valueWord("slow-disk", words, 3, "a slow-down factor");
  if (!word.ok) return word as Step<Fault>;
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(word.value.text);
  const factor = m ? Number(m[1]) : NaN;
  if (!(factor >= 1 && factor <= 1000)) return fail(`bad slow-down factor "${word.value.text}"`, word.value.at, "a factor from 1x (normal again) to 1000x, e.g. 20x");
  return ok({ kind: "slow-disk", host: names.value[0]!, disk: names.value[1]!, factor });
}

function parseLinkRate(words: readonly Word[]): Step<Fault> {
  const names = nameArgs("storage-link-rate", words.slice(0, 2), ["host"]);
  if (!names.ok) return names as Step<Fault>;
  const word = valueWord("storage-link-rate", words, 2, "a rate in Mbit/s or full");
  if (!word.ok) return word as Step<Fault>;
  if (word.value.text === "full") return ok({ kind: "storage-link-rate", host: names.value[0]!, mbitPerS: null });
  const m = /^(\d+(?:\.\d+)?)(?:Mbit(?:\/s)?)?$/.exec(word.value.text);
  const rate = m ? Number(m[1]) : NaN;
  if (!(rate > 0 && rate <= 100_000)) return fail(`bad link rate "${word.value.text}"`, word.value.at, 'a rate in Mbit/s above 0 and up to 100000, e.g. 10, or "full" for the link\'s own rate');
  return ok({ kind: "storage-link-rate", host: names.value[0]!, mbitPerS: rate });
}

function parseCarpDemote(words: readonly Word[]): Step<Fault> {
  const hostWord = words[1];
  if (!hostWord) return fail("carp-demote needs a host", after(words[0]!), describeForm("carp-demote"));
  const host = checkName(hostWord, "host");
  if (!host.ok) return host as Step<Fault>;
  const word = valueWord("carp-demote", words, 2, "a demotion N");
  if (!word.ok) return word as Step<Fault>;
  const text = word.value.text;
  if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text))) {
    return fail(`bad demotion "${text}"`, word.value.at, "an integer added to net.inet.carp.demotion, e.g. 240 or -240");
  }
  return ok({ kind: "carp-demote", host: host.value, n: Number(text) });
}

/** A fault without a time: "power-off proxy01" (the console's "inject now"). */
export function parseFaultWithoutTime(text: string): ParseResult<Fault> {
  const words = wordsOf(text, 0);
  if (!words.length) return fail("empty fault", 0, listForms());
  const colon = text.indexOf(":");
  if (colon >= 0) return fail("a time is not expected here", colon, 'write the fault alone, e.g. "power-off proxy01"');
  return parseKind(text, words);
}

/** "[TIME:] FAULT" as users write it ("30s: power-off proxy01"); without a time the fault applies at 0. */
export function parseFault(text: string): ParseResult<ScheduledFault> {
  const colon = text.indexOf(":");
  if (colon < 0) {
    const words = wordsOf(text, 0);
    if (!words.length) return fail("empty fault", 0, listForms());
    const first = words[0]!;
    if (/^[0-9]/.test(first.text) && parseDurationUs(first.text).ok && words.length > 1) {
      const rest = text.slice(after(first)).trim();
      return fail(`missing ":" after the time "${first.text}"`, after(first) - 1, `write TIME: FAULT, e.g. "${first.text}: ${rest}"`);
    }
    const fault = parseKind(text, words);
    return fault.ok ? ok({ atUs: 0, fault: fault.value }) : fault;
  }
  const time = trimmed(text, 0, colon);
  if (!time.text) return fail('missing time before ":"', colon, TIME_HINT);
  const atUs = parseDurationUs(time.text);
  if (!atUs.ok) return fail(atUs.message, time.at, atUs.hint);
  const words = wordsOf(text, colon + 1);
  if (!words.length) return fail(`missing fault after "${time.text}:"`, colon + 1, listForms());
  const fault = parseKind(text, words);
  return fault.ok ? ok({ atUs: atUs.us, fault: fault.value }) : fault;
}

/** Several "[TIME:] FAULT" texts (one per --fault flag), sorted by time, same-time faults in order given. */
export function parseSchedule(texts: readonly string[]): ScheduleParseResult {
  const value: ScheduledFault[] = [];
  const errors: { index: number; error: FaultParseError }[] = [];
  texts.forEach((text, index) => {
    const parsed = parseFault(text);
    if (parsed.ok) value.push(parsed.value);
    else errors.push({ index, error: parsed.error });
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: value.map((s, i) => ({ s, i })).sort((a, b) => a.s.atUs - b.s.atUs || a.i - b.i).map((x) => x.s) };
}

/** A run length or time such as "120s", "5m", "1m30s", "24h" or plain seconds, in microseconds; undefined when malformed. */
export function parseDurationText(text: string): number | undefined {
  const parsed = parseDurationUs(text.trim());
  return parsed.ok ? parsed.us : undefined;
}
