// A sandbox for running a generated provision.sh on Linux: a root directory (LAB_ROOT), the host's tree
// as provision.sh's source, and a PATH of stub FreeBSD commands. Every stub appends its argv to a log
// and keeps just enough state in STUB_STATE to answer the way FreeBSD would (a package is installed after
// `pkg install`, a service runs after `service X start`, a pool exists after `zpool create`...).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Artifact } from "../../../src/generate/artifact.js";
import { runTool } from "../../support/tools.js";

const LOG = 'echo "$(basename "$0") $*" >> "$STUB_LOG"';

const STUBS: Record<string, string> = {
  logger: "",
  pkg: `case "$1" in
  -N|bootstrap) exit 0 ;;
  info) [ -f "$STUB_STATE/pkg/$3" ] ;;
  install) mkdir -p "$STUB_STATE/pkg"; : > "$STUB_STATE/pkg/$3" ;;
  *) exit 1 ;;
esac`,
  pkg_add: `mkdir -p "$STUB_STATE/pkg"; : > "$STUB_STATE/pkg/$2"`,
  // pkg_info -qE GLOB: the test maps each glob to the Latest name pkg_add -r installed
  pkg_info: `name=$(awk -v g="$2" '$1 == g { print $2 }' "$STUB_STATE/pkgmap")
[ -n "$name" ] && [ -f "$STUB_STATE/pkg/$name" ]`,
  sysrc: `file=$2; shift 2
if [ "$1" = "-i" ]; then
  [ -f "$file" ] || exit 1
  v=$(grep "^$3=" "$file" | tail -n 1) || exit 1
  v=\${v#*=}; v=\${v#\\"}; v=\${v%\\"}
  printf '%s\\n' "$v"
else
  name=\${1%%=*}; value=\${1#*=}
  touch "$file"; grep -v "^$name=" "$file" > "$file.tmp" || true
  printf '%s="%s"\\n' "$name" "$value" >> "$file.tmp"; mv "$file.tmp" "$file"
fi`,
  service: `mkdir -p "$STUB_STATE/svc"
case "$2" in
  status) [ -f "$STUB_STATE/svc/$1" ] ;;
  start|restart) : > "$STUB_STATE/svc/$1" ;;
  reload) [ -f "$STUB_STATE/svc/$1" ] ;;
  *) exit 0 ;;
esac`,
  pfctl: `[ -f "$STUB_STATE/svc/pf" ] && echo "Status: Enabled for 0 days"; exit 0`,
  ifconfig: `[ "$1" = pfsync0 ] && [ -f "$STUB_STATE/svc/pfsync" ] && echo "	pfsync: syncdev: em4 maxupd: 128"; [ "$1" != pfsync0 ] || [ -f "$STUB_STATE/svc/pfsync" ]`,
  sysctl: `if [ "$1" = -n ] && [ "$2" = kern.disks ]; then
  n=0; d="ada0 ada1"
  [ -f "$STUB_STATE/iscsi" ] && while read -r _; do d="$d da$n"; n=$((n + 1)); done < "$STUB_STATE/iscsi"
  echo "$d"
fi`,
  kldstat: `[ -f "$STUB_STATE/kld/$2" ]`,
  kldload: `mkdir -p "$STUB_STATE/kld"; : > "$STUB_STATE/kld/$1"`,
  zpool: `mkdir -p "$STUB_STATE/zpool"
case "$1" in
  list) p=$(eval echo "\\$$#"); [ "$p" = zroot ] || [ -f "$STUB_STATE/zpool/$p" ] ;;
  create) shift; [ "$1" = -f ] && shift; : > "$STUB_STATE/zpool/$1" ;;
  status)
    echo "  pool: $2"; echo " state: ONLINE"; echo "config:"; echo ""
    echo "	NAME        STATE     READ WRITE CKSUM"; echo "	$2       ONLINE       0     0     0"
    if [ -f "$STUB_STATE/zroot-mirror" ]; then echo "	  mirror-0  ONLINE       0     0     0"; echo "	    \${STUB_BOOT}p3  ONLINE       0     0     0"
    else echo "	  \${STUB_BOOT}p3    ONLINE       0     0     0"; fi ;;
  attach) : > "$STUB_STATE/zroot-mirror" ;;
esac`,
  zdb: "exit 2",
  diskinfo: "exit 0",
  gpart: `mkdir -p "$STUB_STATE/gpart"
case "$1" in
  show)
    if [ "$2" = "$STUB_BOOT" ] || [ -f "$STUB_STATE/gpart/$2" ]; then
      echo "=>      40  41942960  $2  GPT  (20G)"
      echo "        40      1024     1  freebsd-boot  (512K)"
      echo "      1064   4194304     2  freebsd-swap  (2.0G)"
      echo "   4195368  37747632     3  freebsd-zfs  (18G)"
    else exit 1; fi ;;
  backup) echo "GPT 128" ;;
  restore) cat > /dev/null; : > "$STUB_STATE/gpart/$3" ;;
  create) : > "$STUB_STATE/gpart/$4" ;;
  destroy) rm -f "$STUB_STATE/gpart/$3" ;;
esac`,
  zfs: `mkdir -p "$STUB_STATE/zfs"
key() { echo "$1" | tr / _; }
case "$1" in
  list) [ -f "$STUB_STATE/zfs/$(key "$5")" ] ;;
  create) : > "$STUB_STATE/zfs/$(key "$2")"; mkdir -p "$LAB_ROOT/$2" ;;
  get) f="$STUB_STATE/zfs/$(key "$6").$5"; if [ -f "$f" ]; then cat "$f"; else echo off; fi ;;
  set) printf '%s\\n' "\${2#*=}" > "$STUB_STATE/zfs/$(key "$3").\${2%%=*}" ;;
esac`,
  truncate: `: > "$3"`,
  mysql: "cat > /dev/null",
  openssl: `while [ $# -gt 0 ]; do case "$1" in -keyout|-out) : > "$2"; shift ;; esac; shift; done`,
  mount: `mkdir -p "$STUB_STATE"; touch "$STUB_STATE/mounts"
if [ "$1" = -p ]; then cat "$STUB_STATE/mounts"; else echo "stub:$1 $1 nfs rw 0 0" >> "$STUB_STATE/mounts"; fi`,
  fsck: "exit 0",
  dd: "exit 0",
  sleep: "exit 0",
  newfs: `mkdir -p "$LAB_ROOT/dev/ufs"; : > "$LAB_ROOT/dev/ufs/$3"`,
  iscsictl: `touch "$STUB_STATE/iscsi"
case "$1" in
  -L) while read -r nick; do echo "$STUB_IQN_PREFIX:$nick 10.0.40.41 Connected: da0"; done < "$STUB_STATE/iscsi" ;;
  -A) echo "$3" >> "$STUB_STATE/iscsi" ;;
esac`,
  iscontrol: `echo "$4" >> "$STUB_STATE/iscsi"; mkdir -p "$LAB_ROOT/var/run"; echo "$STUB_ALIVE_PID" > "$LAB_ROOT$6"`,
  camcontrol: `n=\${2#da}; sed -n "$((n + 1))p" "$STUB_STATE/iscsi"`,
  "python3.11": `mkdir -p "$3/bin"; printf '#!/bin/sh\\necho "pip $*" >> "$STUB_LOG"\\n' > "$3/bin/pip"; chmod 755 "$3/bin/pip"`,
  "easy_install-2.4": "exit 0",
  install: 'exec /usr/bin/install "$@"',
};

export interface Sandbox {
  readonly dir: string;
  readonly root: string;
  readonly src: string;
  readonly state: string;
  /** Runs provision.sh with /bin/sh; returns the status, output and the stub log of this run. */
  run(): { status: number | null; output: string; log: string[] };
}

export interface SandboxOptions {
  /** The host's boot disk under the provider (it alone has a partition table at first). */
  readonly bootDisk: string;
  readonly iqnPrefix: string;
  /** pkg_info glob -> pkg_add -r name (8.1). */
  readonly packageMap?: readonly (readonly [string, string])[];
  /** Files the box already has, FreeBSD path -> content. */
  readonly seed?: Readonly<Record<string, string>>;
}

export function makeSandbox(host: string, artifacts: readonly Artifact[], options: SandboxOptions): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), `provision-${host}-`));
  const root = join(dir, "root");
  const src = join(dir, "src");
  const stubs = join(dir, "stubs");
  const state = join(dir, "state");
  for (const d of [root, src, stubs, state]) mkdirSync(d, { recursive: true });
  for (const [name, body] of Object.entries(STUBS)) {
    writeFileSync(join(stubs, name), `#!/bin/sh\n${LOG}\n${body}\n`);
    chmodSync(join(stubs, name), 0o755);
  }
  writeFileSync(join(state, "pkgmap"), (options.packageMap ?? []).map(([g, n]) => `${g} ${n}`).join("\n") + "\n");
  const prefix = `hosts/${host}/`;
  for (const a of artifacts.filter((x) => x.path.startsWith(prefix))) {
    const p = join(src, a.path.slice(prefix.length));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, a.content);
    chmodSync(p, a.mode);
  }
  for (const [path, content] of Object.entries(options.seed ?? {})) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  let runs = 0;
  return {
    dir,
    root,
    src,
    state,
    run() {
      const log = join(dir, `log-${++runs}`);
      writeFileSync(log, "");
      const env = {
        PATH: `${stubs}:/usr/bin:/bin`,
        LAB_ROOT: root,
        STUB_LOG: log,
        STUB_STATE: state,
        STUB_BOOT: options.bootDisk,
        STUB_IQN_PREFIX: options.iqnPrefix,
        STUB_ALIVE_PID: String(process.pid),
        HOME: dir,
      };
      const r = runTool("/bin/sh", [join(src, "provision.sh"), src], { env, cwd: dir });
      return { status: r.status, output: r.output, log: readFileSync(log, "utf8").split("\n").filter(Boolean) };
    },
  };
}
