// Values that could break out of a config: passwords (secrets.json can be edited by hand) go through
// the quoting of each syntax and come back unchanged; what cannot be written safely is refused; model
// changes (ports, threads, names the schema allows) land where they belong and nowhere else.
import { describe, expect, it } from "vitest";
import { optionFileValue, sqlIdentifier, sqlString, zconfigValue } from "../../../src/generate/services/config-quote.js";
import { HAPROXY_CONF, MYSQL_MASTER_SQL, MYSQL_REPLICA_SQL, mysqlCnfPath, ZOPE_ETC } from "../../../src/generate/services/service-paths.js";
import type { LabSecrets } from "../../../src/model/types.js";
import { testSecrets } from "../../support/reference-lab.js";
import { file, filesUnder, resolveEdited, services } from "./support.js";

/**
 * Reads one MySQL string literal at the start of `text` the way the server does in the default
 * sql_mode ('' and \' are quotes, \\ a backslash) and returns its value and what follows it.
 */
function readSqlLiteral(text: string): { value: string; rest: string } {
  expect(text[0]).toBe("'");
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      value += text[++i] ?? "";
    } else if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i++;
      } else {
        return { value, rest: text.slice(i + 1) };
      }
    } else {
      value += c;
    }
  }
  throw new Error(`unterminated literal: ${text}`);
}

const HOSTILE = [
  "it's",
  "'; DROP DATABASE plone; --",
  "back\\slash",
  "\\'",
  "trailing\\",
  "a''b",
  '"double" `tick` $(id) ${HOME}',
  "#not a comment",
];

describe("sqlString", () => {
  it.each(HOSTILE)("%s stays one literal with the same value", (pw) => {
    const { value, rest } = readSqlLiteral(`${sqlString(pw)};`);
    expect(value).toBe(pw);
    expect(rest).toBe(";");
  });

  it("doubles the quote and the backslash", () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString("a\\b")).toBe("'a\\\\b'");
  });

  it("refuses newlines and control characters", () => {
    expect(() => sqlString("a\nb")).toThrow(/control character/);
    expect(() => sqlString("a\u0000b")).toThrow(/control character/);
  });

  it("sqlIdentifier backquotes, doubling backquotes", () => {
    expect(sqlIdentifier("plone-db")).toBe("`plone-db`");
    expect(sqlIdentifier("a`b")).toBe("`a``b`");
  });
});

describe("optionFileValue and zconfigValue", () => {
  it("option files: double quotes, \\ and \" escaped (read back by my_print_defaults in mysql-tools.test.ts)", () => {
    expect(optionFileValue('p"w\\#x')).toBe('"p\\"w\\\\#x"');
    expect(() => optionFileValue("a\rb")).toThrow();
  });

  it("ZConfig: $ doubled; blanks at the ends, empty values and newlines refused", () => {
    expect(zconfigValue("a$b$$c")).toBe("a$$b$$$$c");
    expect(() => zconfigValue(" lead")).toThrow(/blanks/);
    expect(() => zconfigValue("")).toThrow(/empty/);
    expect(() => zconfigValue("x\ny")).toThrow(/control character/);
  });
});

describe("hostile passwords through the whole generator", () => {
  const secrets: LabSecrets = {
    ...testSecrets(),
    mysql: { rootPassword: "r'oot\\", replicationPassword: "'; DROP DATABASE plone; --", appPassword: "a$p'p\"#" },
  };
  const artifacts = services(resolveEdited("14.2", () => {}, secrets));

  it("every password literal in the SQL reads back as the secret", () => {
    const sql = `${file(artifacts, "db01", MYSQL_MASTER_SQL).content}\n${file(artifacts, "db02", MYSQL_REPLICA_SQL).content}`;
    const literals = [...sql.matchAll(/(?:IDENTIFIED BY |SOURCE_PASSWORD=)(?=')/g)].map((m) => readSqlLiteral(sql.slice(m.index! + m[0].length)).value);
    expect(literals.length).toBeGreaterThan(4);
    for (const v of literals) expect(Object.values(secrets.mysql)).toContain(v);
    expect(literals).toContain(secrets.mysql.replicationPassword);
    expect(sql).not.toMatch(/^DROP/m);
  });

  it("zope.conf carries the app password on its one line, $ doubled", () => {
    const conf = file(artifacts, "app01", `${ZOPE_ETC}/instance-8080.conf`).content;
    expect(conf).toContain("passwd a$$p'p\"#\n");
  });

  it("a password with a newline is refused, not written", () => {
    const bad = { ...secrets, mysql: { ...secrets.mysql, appPassword: "x\nuser root" } };
    expect(() => services(resolveEdited("14.2", () => {}, bad))).toThrow(/newline/);
  });
});

describe("model changes land where they belong", () => {
  const edited = (release: "14.2" | "8.1") =>
    services(resolveEdited(release, (spec) => {
      for (const host of spec.hosts) {
        for (const s of host.services) if (s.kind === "zope") Object.assign(s, { ports: [9001, 9002, 9003], threads: 32 });
      }
    }));

  it.each(["14.2", "8.1"] as const)("FreeBSD %s: other zope ports and threads", (release) => {
    const artifacts = edited(release);
    for (const host of ["app01", "app02"]) {
      const confs = filesUnder(artifacts, host, ZOPE_ETC).filter((a) => a.path.endsWith(".conf"));
      expect(confs.map((a) => a.path.replace(/.*\//, ""))).toEqual(["instance-9001.conf", "instance-9002.conf", "instance-9003.conf"]);
      const threads = release === "8.1"
        ? /^zserver-threads (\d+)$/m.exec(confs[0]!.content)?.[1]
        : /^threads = (\d+)$/m.exec(file(artifacts, host, `${ZOPE_ETC}/instance-9001.ini`).content)?.[1];
      expect(threads).toBe("32");
    }
    const servers = file(artifacts, "proxy01", HAPROXY_CONF).content.split("\n").filter((l) => /^\s+server /.test(l));
    expect(servers).toHaveLength(6);
    expect(servers.every((l) => / 10\.0\.20\.2[12]:900[123] /.test(l))).toBe(true);
    // 2 hosts x 3 instances x 32 threads, two connections each, plus 20 for admin and replication.
    expect(file(artifacts, "db01", mysqlCnfPath(release)).content).toMatch(/^max_connections = 404$/m);
  });

  it("a pair name with a hyphen is quoted as identifier and account", () => {
    const artifacts = services(resolveEdited("14.2", (spec) => {
      spec.mysql[0].name = "plone-db";
    }));
    const sql = file(artifacts, "db01", MYSQL_MASTER_SQL).content;
    expect(sql).toContain("CREATE DATABASE IF NOT EXISTS `plone-db`;");
    expect(sql).toContain("GRANT ALL PRIVILEGES ON `plone-db`.* TO 'plone-db'@'10.0.20.21';");
    expect(file(artifacts, "app01", `${ZOPE_ETC}/instance-8080.conf`).content).toMatch(/^\s+db plone-db$/m);
  });

  it("8.1: a user name MySQL 5.1 cannot hold (> 16 characters) is refused with the reason", () => {
    expect(() => services(resolveEdited("8.1", (spec) => {
      spec.mysql[0].name = "plone-production-db";
    }))).toThrow(/MySQL 5\.1 user names are at most 16/);
  });
});
