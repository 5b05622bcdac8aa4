// Quoting for values (passwords above all) that land in SQL, MySQL option files and ZConfig files.
// The secrets generator only makes [A-Za-z0-9] passwords; these functions are the wall behind it for
// a secrets.json edited by hand.

/** Throws on characters no config here can carry safely: NUL, newlines, other control characters. */
function printable(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`${what} contains a control character or newline`);
  return value;
}

/**
 * A MySQL string literal. `'` is doubled (valid with or without NO_BACKSLASH_ESCAPES) and `\` is
 * doubled for the default sql_mode, in which backslash escapes are on.
 */
export function sqlString(value: string, what = "SQL string"): string {
  return `'${printable(value, what).replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** A MySQL identifier (database name) in backquotes. */
export function sqlIdentifier(name: string): string {
  return `\`${printable(name, "SQL identifier").replace(/`/g, "``")}\``;
}

/** 'user'@'host' */
export function sqlAccount(user: string, host: string): string {
  return `${sqlString(user, "user name")}@${sqlString(host, "host")}`;
}

/**
 * A value in a MySQL option file (my.cnf, /root/.my.cnf): double-quoted so `#` and spaces survive,
 * with `\` and `"` escaped (the option-file escapes of mysys, MySQL 5.1 and later).
 */
export function optionFileValue(value: string, what = "option value"): string {
  return `"${printable(value, what).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * A ZConfig value (zope.conf): the rest of the line after the key, stripped, with `$` starting a
 * substitution. `$` is doubled; surrounding blanks and empty values cannot be written.
 */
export function zconfigValue(value: string, what = "ZConfig value"): string {
  printable(value, what);
  if (value === "" || value.trim() !== value) throw new Error(`${what} is empty or has surrounding blanks: ZConfig would strip them`);
  return value.replace(/\$/g, "$$$$");
}
