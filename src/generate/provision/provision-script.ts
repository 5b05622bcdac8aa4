// Assembles provision.sh for one host from the model and the host's files (written by every generator):
// packages, files, managed blocks, modules, rc.conf, sysctl, TLS cert, Zope venv, storage, services in rc
// order with the storage mounts between the network daemons and the applications.

import { commentText, safeToken, shQuote } from "../../lib/shell.js";
import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import type { Artifact } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { SCRIPT } from "../paths.js";
import { ISCSI_ATTACH, MANAGED_BLOCKS } from "../storage/storage-paths.js";
import { consumerMounts, pathToken } from "../storage/storage-roles.js";
import { hostPackages, ZOPE_EASY_INSTALL_8, ZOPE_PIP_PACKAGES, ZOPE_VENV } from "./packages.js";
import { loaderModules, rcConfNames } from "./rc-conf.js";
import { servicePlan, type ServiceStep } from "./services.js";
import { commonFunctions, releaseFunctions } from "./shell-functions.js";

export interface HostFile {
  /** FreeBSD path. */
  readonly path: string;
  readonly mode: number;
  readonly content: string;
}

const RC_CONF = "/etc/rc.conf";

/** Default certificate when the host's nginx.conf names none. */
export const DEFAULT_TLS = { cert: "/usr/local/etc/nginx/ssl/lab.crt", key: "/usr/local/etc/nginx/ssl/lab.key" } as const;

/** The TLS certificate and key nginx.conf names (ssl_certificate / ssl_certificate_key), else the default. */
export function tlsPaths(files: readonly HostFile[]): { cert: string; key: string } {
  const conf = files.find((f) => f.path.endsWith("/nginx.conf"))?.content ?? "";
  const cert = /^\s*ssl_certificate\s+("?)([^";\s]+)\1\s*;/m.exec(conf)?.[2];
  const key = /^\s*ssl_certificate_key\s+("?)([^";\s]+)\1\s*;/m.exec(conf)?.[2];
  return cert && key ? { cert, key } : { ...DEFAULT_TLS };
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8).padStart(3, "0")}`;

function packageLines(lab: ResolvedLab, host: ResolvedHost): string[] {
  const packages = hostPackages(lab, host);
  if (!packages.length) return [];
  if (lab.release === "8.1") {
    return [
      "# packages (pkg_add -r from the archived 8.1 packages unless PACKAGESITE says otherwise)",
      ': "${PACKAGESITE:=http://ftp-archive.freebsd.org/pub/FreeBSD-Archive/old-releases/$(uname -m)/8.1-RELEASE/packages/Latest/}"',
      "export PACKAGESITE",
      ...packages.map((p) => `need_pkg ${safeToken(p.name, "package")} ${shQuote(p.installed ?? `${p.name}-[0-9]*`)}`),
    ];
  }
  return [
    "# packages",
    "pkg -N >/dev/null 2>&1 || env ASSUME_ALWAYS_YES=yes pkg bootstrap -f >/dev/null",
    ...packages.map((p) => `need_pkg ${safeToken(p.name, "package")}`),
  ];
}

function serviceLines(s: ServiceStep): string[] {
  const lines = [`rc_set ${s.rcvar} YES`];
  if (s.enableOnly) return lines;
  const trigger = s.triggers.length ? ` || changed ${s.triggers.map((t) => shQuote(t)).join(" ")}` : "";
  return [
    ...lines,
    `if ! ${s.running}; then`,
    `  service_start ${s.rc}`,
    `elif [ "$RC_CHANGED" -eq 1 ]${trigger}; then`,
    `  service_changed ${s.rc} ${s.onChange}`,
    "fi",
  ];
}

function sqlLines(files: readonly HostFile[]): string[] {
  const sql = files.filter((f) => f.path.endsWith(".sql")).map((f) => f.path);
  if (!sql.length) return [];
  return [
    "# MySQL setup SQL, applied once (a marker in $STATE remembers it)",
    ...sql.flatMap((p) => {
      const marker = `$STATE/${p.replace(/^\//, "").replace(/[^A-Za-z0-9._-]/g, "_")}.applied`;
      return [
        `if [ ! -f "${marker}" ]; then`,
        `  mysql < "$ROOT"${shQuote(p)} || fail ${shQuote(`applying ${p} failed`)}`,
        `  : > "${marker}"`,
        `  log ${shQuote(`applied ${p}`)}`,
        "fi",
      ];
    }),
  ];
}

function zopeVenvLines(lab: ResolvedLab, host: ResolvedHost): string[] {
  if (!host.services.some((s) => s.kind === "zope")) return [];
  if (lab.release === "8.1") {
    const eggs = ZOPE_EASY_INSTALL_8.map((p) => shQuote(p)).join(" ");
    return [
      "# RelStorage for plone3's Zope 2.10 (Python 2.4), installed once; needs the network",
      'if [ ! -f "$STATE/relstorage.installed" ]; then',
      `  if easy_install-2.4 --quiet ${eggs}; then`,
      '    : > "$STATE/relstorage.installed"',
      '    CHANGED="$CHANGED /usr/local/lib/python2.4/"',
      '    log "installed RelStorage"',
      "  else",
      '    warn "easy_install RelStorage failed"',
      "    FAILED=1",
      "  fi",
      "fi",
    ];
  }
  const pip = ZOPE_PIP_PACKAGES.map((p) => shQuote(p)).join(" ");
  return [
    `# Zope/Plone in a virtualenv at ${ZOPE_VENV} (not packaged for FreeBSD): built once, needs the network`,
    `if [ ! -f "$ROOT${ZOPE_VENV}/.lab-installed" ]; then`,
    `  python3.11 -m venv "$ROOT${ZOPE_VENV}"`,
    `  if "$ROOT${ZOPE_VENV}/bin/pip" install --quiet ${pip}; then`,
    `    : > "$ROOT${ZOPE_VENV}/.lab-installed"`,
    `    CHANGED="$CHANGED ${ZOPE_VENV}/"`,
    `    log "installed Plone into ${ZOPE_VENV}"`,
    "  else",
    `    warn "pip install into ${ZOPE_VENV} failed"`,
    "    FAILED=1",
    "  fi",
    "fi",
  ];
}

function tlsLines(lab: ResolvedLab, host: ResolvedHost, files: readonly HostFile[]): string[] {
  if (!host.services.some((s) => s.kind === "nginx")) return [];
  const { cert, key } = tlsPaths(files);
  const c = shQuote(pathToken(cert, "certificate path"));
  const k = shQuote(pathToken(key, "key path"));
  const cn = safeToken(`${lab.name}-${host.name}`, "certificate name");
  return [
    "# self-signed TLS certificate for nginx, made once",
    `if [ ! -f "$ROOT"${c} ] || [ ! -f "$ROOT"${k} ]; then`,
    `  mkdir -p "$(dirname "$ROOT"${c})" "$(dirname "$ROOT"${k})"`,
    `  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=${cn} -keyout "$ROOT"${k} -out "$ROOT"${c} >/dev/null 2>&1 || fail "openssl failed"`,
    `  chmod 0600 "$ROOT"${k}`,
    `  CHANGED="$CHANGED "${c}`,
    `  log ${shQuote(`created a self-signed certificate ${cert}`)}`,
    "fi",
  ];
}

function mountLines(lab: ResolvedLab, host: ResolvedHost, files: readonly HostFile[]): string[] {
  const mounts = consumerMounts(lab, host.name);
  const lines: string[] = [];
  for (const m of mounts.filter((x) => x.kind === "nfs")) {
    const mp = pathToken(m.mountpoint, "mountpoint");
    lines.push(`mkdir -p "$ROOT${mp}"`, `mounted ${mp} || { mount ${mp} && log "mounted ${mp}"; } || warn "cannot mount ${mp} yet (is ${m.pair.primary} up?)"`);
  }
  if (files.some((f) => f.path === ISCSI_ATTACH)) {
    lines.push(`LAB_ROOT="$ROOT" "$ROOT${ISCSI_ATTACH}" || warn "iSCSI volumes not attached yet (is the storage primary up? provision again)"`);
  }
  return lines.length ? ["# storage mounts (NFS with bg retries in the background; iSCSI via iscsi-attach.sh)", ...lines] : [];
}

export function provisionScript(lab: ResolvedLab, host: ResolvedHost, options: GenerateOptions, files: readonly HostFile[]): string {
  const placed = files.filter((f) => f.path !== RC_CONF);
  const paths = files.map((f) => f.path);
  const rcConf = files.find((f) => f.path === RC_CONF);
  const loader = files.find((f) => f.path === "/boot/loader.conf");
  const plan = servicePlan(lab, host, paths);
  const rcVars = rcConf ? rcConfNames(rcConf.content) : [];
  const blocks = MANAGED_BLOCKS.filter((b) => paths.includes(b.fragment));
  const mysqlIndex = plan.late.findIndex((s) => s.rc === "mysql-server");
  const late = plan.late.flatMap((s, i) => [...serviceLines(s), ...(i === mysqlIndex ? sqlLines(files) : [])]);

  const lines = [
    "#!/bin/sh",
    `# provision.sh for ${host.name} (generated by lab ${commentText(lab.name)}, FreeBSD ${lab.release}, ${options.provider}): packages, files,`,
    "# rc.conf, storage, services. Idempotent: files are copied only when they differ (cmp -s), rc.conf variables set only",
    "# when they differ, packages installed only when missing, services (re)started only when one of their files changed",
    "# or they are not running.",
    "# usage: provision.sh [SOURCE_DIR]   SOURCE_DIR holds this host's tree (default /tmp/lab-provision);",
    "#        LAB_ROOT=DIR prefixes every target path (tests run it in a sandbox).",
    "set -eu",
    'SRC="${1:-/tmp/lab-provision}"',
    'ROOT="${LAB_ROOT:-}"',
    'PATH="$PATH:/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin"',
    "export PATH",
    'RCCONF="$ROOT/etc/rc.conf"',
    'STATE="$ROOT/var/db/lab"',
    'CHANGED=""',
    "RC_CHANGED=0",
    "WARNINGS=0",
    "FAILED=0",
    "",
    ...commonFunctions(host.name),
    "",
    ...releaseFunctions(lab.release),
    "",
    '[ -d "$SRC" ] || fail "no provisioning tree at $SRC"',
    'mkdir -p "$STATE" "$ROOT/etc"',
    "",
    ...packageLines(lab, host),
    "",
    `# this host's files (${placed.length})`,
    ...placed.map((f) => `place ${shQuote(pathToken(f.path, "file path"))} ${octal(f.mode)}`),
    "",
    ...(blocks.length
      ? [
          "# lab lines merged into system files",
          ...blocks.flatMap((b) => [
            `if merge_block ${b.fragment} ${b.target} ${b.tag} ${octal(b.targetMode)}; then`,
            `  CHANGED="$CHANGED ${b.target}"`,
            ...(b.reload ? [`  service ${b.reload} reload >/dev/null 2>&1 || warn "${b.reload} reload failed"`] : []),
            "fi",
          ]),
          "",
        ]
      : []),
    ...(loader ? ["# kernel modules of loader.conf, loaded now (tunables need a reboot)", ...loaderModules(loader.content).map((m) => `kld ${safeToken(m, "module")}`), ""] : []),
    ...(rcConf
      ? ["# rc.conf: each generated variable, its value read from the shipped rc.conf", ...rcVars.map((v) => `rc_set ${v} "$(rc_src ${v})"`)]
      : ["# no generated rc.conf: only the services' enable variables below"]),
    "",
    ...(paths.includes("/etc/sysctl.conf") ? ["if changed /etc/sysctl.conf; then", "  service sysctl start >/dev/null", '  log "loaded /etc/sysctl.conf"', "fi", ""] : []),
    ...tlsLines(lab, host, files),
    "",
    ...zopeVenvLines(lab, host),
    "",
    ...(paths.includes(SCRIPT.zpoolCreate)
      ? ["# pools, mirrored OS, datasets", `LAB_ROOT="$ROOT" "$ROOT${SCRIPT.zpoolCreate}" || fail "storage setup failed: run ${SCRIPT.zpoolCreate} by hand (--force to reuse disks)"`, ""]
      : []),
    "# services in rc order",
    ...plan.early.flatMap(serviceLines),
    "",
    ...mountLines(lab, host, files),
    "",
    ...late,
    "",
    'if [ "$FAILED" -ne 0 ]; then fail "some steps failed (see the warnings above)"; fi',
    'log "done ($WARNINGS warnings)"',
  ];
  return lines.filter((l, i, all) => !(l === "" && all[i - 1] === "")).join("\n");
}

/** The files of `host` in the artifacts (hosts/<host>/...), sorted by path, without provision.sh itself. */
export function hostFiles(host: string, artifacts: readonly Artifact[]): HostFile[] {
  const prefix = `hosts/${host}/`;
  return artifacts
    .filter((a) => a.path.startsWith(prefix) && a.path !== `${prefix}provision.sh`)
    .map((a) => ({ path: `/${a.path.slice(prefix.length)}`, mode: a.mode, content: a.content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
