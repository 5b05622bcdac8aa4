// What provision.sh needs to know of the generated rc.conf and loader.conf: the variable names (the
// values are read from the shipped file at run time, so provision.sh itself carries no CARP password)
// and the kernel modules to load now.

const ASSIGNMENT = /^\s*([A-Za-z_][A-Za-z0-9_]*)=/;

/** The variables an rc.conf assigns, in first-assignment order, without duplicates. */
export function rcConfNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split("\n")) {
    const m = ASSIGNMENT.exec(line);
    if (m && !names.includes(m[1]!)) names.push(m[1]!);
  }
  return names;
}

/** The kernel modules a loader.conf loads (`NAME_load="YES"`); other lines (tunables) are ignored. */
export function loaderModules(text: string): string[] {
  const modules: string[] = [];
  for (const raw of text.split("\n")) {
    const m = /^\s*([A-Za-z0-9_]+)_load\s*=\s*"?([A-Za-z]+)"?\s*(#.*)?$/.exec(raw);
    if (m && /^yes$/i.test(m[2]!) && !modules.includes(m[1]!)) modules.push(m[1]!);
  }
  return modules;
}
