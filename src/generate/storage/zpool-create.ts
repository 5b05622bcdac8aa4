// zpool-create.sh: the host's data pools (raidz2 + mirrored log on the storage hosts), the mirrored
// OS (zroot onto the second OS disk), and on storage pairs the datasets, quotas, NFS shares, iSCSI
// backing files (primary) or the read-only flag (replica). Idempotent; never touches a disk that
// carries a partition table or a pool unless run with --force.

import { commentText, shQuote, safeToken } from "../../lib/shell.js";
import type { Release, ResolvedHost, ResolvedLab, ResolvedVdev } from "../../model/types.js";
import { artifact, hostPath, MODE_SCRIPT, type Artifact } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { deviceMap } from "../devices.js";
import { SCRIPT } from "../paths.js";
import { osMirrorFunctions, zrootMirrorDevices } from "./os-mirror.js";
import { pairsWithPrimary, pairsWithReplica } from "./storage-roles.js";

/** `raidz2 da0 ... da6` for a vdev, devices named for the provider. */
function vdevWords(vdev: ResolvedVdev, devices: Map<string, string>): string[] {
  const names = vdev.disks.map((d) => safeToken(devices.get(d) ?? d, "device"));
  return vdev.type === "stripe" ? names : [vdev.type, ...names];
}

/** The `zpool create` arguments of every data pool of the host (all pools but zroot). */
export function zpoolCreateArgs(host: ResolvedHost, options: GenerateOptions, release: Release = "14.2"): { pool: string; args: string[]; devices: string[] }[] {
  const devices = deviceMap(host, options.provider, release);
  return host.pools
    .filter((p) => p.name !== "zroot")
    .map((p) => {
      const data = p.vdevs.flatMap((v) => vdevWords(v, devices));
      const log = p.log ? ["log", ...vdevWords(p.log, devices)] : [];
      const all = [...p.vdevs, ...(p.log ? [p.log] : [])].flatMap((v) => v.disks.map((d) => devices.get(d) ?? d));
      return { pool: safeToken(p.name, "pool name"), args: [safeToken(p.name, "pool name"), ...data, ...log], devices: all };
    });
}

const HEADER_FUNCTIONS = [
  'log() { logger -t zpool-create -- "$*"; echo "zpool-create: $*"; }',
  'fail() { log "ERROR: $*"; exit 1; }',
  "",
  "# disk_in_use DEV: true when DEV carries a partition table or a ZFS label",
  "disk_in_use() {",
  '  gpart show "$1" >/dev/null 2>&1 && return 0',
  '  zdb -l "/dev/$1" 2>/dev/null | grep -q pool_guid && return 0',
  "  return 1",
  "}",
  "",
  "# check_free DEV...: each DEV exists and is blank (or --force was given)",
  "check_free() {",
  '  for d in "$@"; do',
  '    diskinfo "$d" >/dev/null 2>&1 || fail "disk $d not found"',
  '    if disk_in_use "$d"; then',
  '      [ "$FORCE" -eq 1 ] || fail "disk $d carries a partition table or a ZFS label; rerun with --force to overwrite it"',
  '      log "--force: overwriting $d"',
  "    fi",
  "  done",
  "}",
  "",
  "# zpool_f SUBCOMMAND ARGS...: zpool with -f when --force was given",
  "zpool_f() {",
  "  sub=$1",
  "  shift",
  '  if [ "$FORCE" -eq 1 ]; then zpool "$sub" -f "$@"; else zpool "$sub" "$@"; fi',
  "}",
  "",
  "# ensure_fs DATASET: create it when missing",
  "ensure_fs() {",
  '  zfs list -H -o name "$1" >/dev/null 2>&1 && return 0',
  '  zfs create "$1"',
  '  log "created $1"',
  "}",
  "",
  "# set_prop DATASET PROPERTY VALUE: zfs set only when the value differs",
  "set_prop() {",
  '  current=$(zfs get -H -o value "$2" "$1")',
  '  [ "$current" = "$3" ] && return 0',
  '  zfs set "$2=$3" "$1"',
  '  log "$1: $2=$3"',
  "}",
  "",
  "# ensure_file PATH GIB: sparse iSCSI backing file, created once (never resized)",
  "ensure_file() {",
  '  f="$R$1"',
  '  [ -e "$f" ] && return 0',
  '  [ -d "$(dirname "$f")" ] || fail "$(dirname "$1") is not mounted"',
  '  truncate -s "${2}G" "$f"',
  '  log "created $1 (${2} GiB, sparse)"',
  "}",
];

function poolSection(host: ResolvedHost, options: GenerateOptions, release: Release): string[] {
  return zpoolCreateArgs(host, options, release).flatMap(({ pool, args, devices }) => [
    `if zpool list -H -o name ${pool} >/dev/null 2>&1; then`,
    `  log "pool ${pool} exists"`,
    "else",
    `  check_free ${devices.join(" ")}`,
    `  zpool_f create ${args.join(" ")}`,
    `  log "created pool ${pool}: ${args.slice(1).join(" ")}"`,
    "fi",
  ]);
}

function datasetSection(lab: ResolvedLab, host: string): string[] {
  const lines: string[] = [];
  for (const pair of pairsWithPrimary(lab, host)) {
    lines.push(`# storage pair ${pair.name}: primary, replicated to ${pair.replica}`);
    for (const ds of pair.datasets) {
      const path = safeToken(ds.path, "dataset");
      lines.push(`ensure_fs ${path}`);
      if (ds.quotaGiB) lines.push(`set_prop ${path} quota ${ds.quotaGiB}G`);
      // sharenfs is one exports(5) line: one network per dataset (the first export wins).
      const share = pair.nfs.find((e) => e.path === ds.path);
      if (share) lines.push(`set_prop ${path} sharenfs ${shQuote(`-maproot=root -network ${safeToken(share.cidr, "cidr")}`)}`);
    }
    for (const t of pair.iscsi) {
      lines.push(`ensure_file ${shQuote(t.file)} ${t.sizeGiB}`);
    }
  }
  for (const pair of pairsWithReplica(lab, host)) {
    lines.push(
      `# storage pair ${pair.name}: replica of ${pair.primary}; datasets arrive by zfs recv and inherit readonly`,
      `set_prop ${safeToken(pair.pool, "pool name")} readonly on`,
    );
  }
  return lines;
}

/** zpool-create.sh for `host`, or nothing when it has neither data pools nor a zroot mirror. */
export function zpoolCreateArtifact(lab: ResolvedLab, host: ResolvedHost, options: GenerateOptions): Artifact[] {
  const mirror = zrootMirrorDevices(host, options.provider, lab.release);
  const pools = poolSection(host, options, lab.release);
  const datasets = datasetSection(lab, host.name);
  if (!mirror.length && !pools.length && !datasets.length) return [];
  const [boot, ...others] = mirror;
  const lines = [
    "#!/bin/sh",
    `# zpool-create.sh on ${host.name} (generated by lab ${commentText(lab.name)}, FreeBSD ${lab.release}, ${options.provider} device names):`,
    "# data pools, mirrored zroot, datasets. Idempotent. Refuses disks with a partition table or a pool unless --force.",
    "set -eu",
    'PATH="$PATH:/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin"',
    'R="${LAB_ROOT:-}"',
    "FORCE=0",
    'case "${1:-}" in',
    "  --force) FORCE=1 ;;",
    "  '') ;;",
    '  *) echo "usage: $0 [--force]" >&2; exit 2 ;;',
    "esac",
    "",
    ...HEADER_FUNCTIONS,
    "",
    ...(mirror.length ? [...osMirrorFunctions(lab.release), ""] : []),
    ...(pools.length ? ["# data pools", ...pools, ""] : []),
    ...(boot ? ["# mirrored OS", ...others.map((d) => `mirror_zroot ${safeToken(boot, "device")} ${safeToken(d, "device")}`), ""] : []),
    ...(datasets.length ? [...datasets, ""] : []),
    'log "done"',
  ];
  return [artifact(hostPath(host.name, SCRIPT.zpoolCreate), lines.join("\n"), MODE_SCRIPT)];
}
