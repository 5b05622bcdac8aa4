// Shell text that turns the box's single-disk zroot into the model's mirrored OS: copy the boot disk's
// partition table to the second OS disk, install boot code, `zpool attach`. 14.x has gpart
// backup/restore; 8.1 predates them (gpart backup/restore came with 8.2), so the table is copied
// partition by partition with gpart create/add.

import type { Release, ResolvedHost } from "../../model/types.js";
import type { Provider } from "../context.js";
import { deviceMap } from "../devices.js";

/** The zroot mirror's devices under `provider` (boot disk first), or [] when zroot is not a mirror. */
export function zrootMirrorDevices(host: ResolvedHost, provider: Provider, release: Release = "14.2"): string[] {
  const zroot = host.pools.find((p) => p.name === "zroot");
  const vdev = zroot?.vdevs[0];
  if (!zroot || zroot.vdevs.length !== 1 || vdev?.type !== "mirror" || vdev.disks.length < 2) return [];
  const devices = deviceMap(host, provider, release);
  return vdev.disks.map((d) => devices.get(d) ?? d);
}

/** Shell function `copy_table BOOT NEW` for the release. */
function copyTableFunction(release: Release): string[] {
  if (release === "8.1") {
    return [
      "# copy_table BOOT NEW: recreate BOOT's partitions on NEW (8.1 has no gpart backup/restore)",
      "copy_table() {",
      '  scheme=$(gpart show "$1" | awk \'$1 == "=>" { print $5; exit }\')',
      '  gpart create -s "$scheme" "$2"',
      '  gpart show "$1" | awk \'$1 != "=>" && $3 ~ /^[0-9]+$/ { print $1, $2, $3, $4 }\' |',
      "  while read -r start size index type; do",
      '    gpart add -b "$start" -s "$size" -t "$type" -i "$index" "$2"',
      "  done",
      "}",
    ];
  }
  return [
    "# copy_table BOOT NEW: BOOT's partition table onto NEW (labels are not copied, so gpt/ names stay unique)",
    "copy_table() {",
    '  gpart backup "$1" | gpart restore -F "$2"',
    "}",
  ];
}

/** Shell functions `part_index DISK TYPE` and `mirror_zroot BOOT NEW` (needs log, fail, disk_in_use, FORCE). */
export function osMirrorFunctions(release: Release): string[] {
  return [
    "# part_index DISK TYPE: index of DISK's first partition of TYPE (freebsd-zfs, freebsd-boot, efi), or nothing",
    "part_index() {",
    '  gpart show "$1" 2>/dev/null | awk -v t="$2" \'$1 != "=>" && $4 == t { print $3; exit }\'',
    "}",
    "",
    ...copyTableFunction(release),
    "",
    "# mirror_zroot BOOT NEW: attach NEW to zroot as a mirror of BOOT, with the same partitions and boot code",
    "mirror_zroot() {",
    '  boot=$1 new=$2',
    "  if ! zpool list -H -o name zroot >/dev/null 2>&1; then",
    '    log "no zroot pool (UFS box?): OS mirror onto $new skipped"',
    "    return 0",
    "  fi",
    "  if zpool status zroot | grep -Eq '^[[:space:]]+mirror(-[0-9]+)?[[:space:]]'; then",
    '    log "zroot is already a mirror"',
    "    return 0",
    "  fi",
    '  zfs_index=$(part_index "$boot" freebsd-zfs)',
    '  if [ -z "$zfs_index" ]; then',
    '    log "$boot has no freebsd-zfs partition: OS mirror skipped"',
    "    return 0",
    "  fi",
    '  diskinfo "$new" >/dev/null 2>&1 || fail "OS mirror disk $new not found"',
    '  if disk_in_use "$new"; then',
    '    [ "$FORCE" -eq 1 ] || fail "$new carries a partition table or a ZFS label; rerun with --force to overwrite it"',
    '    log "--force: overwriting $new"',
    '    gpart destroy -F "$new" >/dev/null 2>&1 || true',
    "  fi",
    "  # the pool's own name for the boot partition (ada0p4, gpt/zfs0, diskid/...)",
    "  member=$(zpool status zroot | awk '$1 == \"zroot\" { found = 1; next } found && NF >= 2 && $1 !~ /^(mirror|raidz|spare|logs|cache)/ { print $1; exit }')",
    '  [ -n "$member" ] || fail "cannot find the device of zroot"',
    '  copy_table "$boot" "$new"',
    '  boot_index=$(part_index "$boot" freebsd-boot)',
    '  if [ -n "$boot_index" ]; then',
    '    gpart bootcode -b /boot/pmbr -p /boot/gptzfsboot -i "$boot_index" "$new"',
    "  fi",
    ...(release === "8.1"
      ? []
      : [
          '  efi_index=$(part_index "$boot" efi)',
          '  if [ -n "$efi_index" ]; then',
          "    # the ESP is a small FAT file system with the loader: copy it whole",
          '    dd if="/dev/${boot}p$efi_index" of="/dev/${new}p$efi_index" bs=1m',
          "  fi",
        ]),
    '  zpool_f attach zroot "$member" "${new}p$zfs_index"',
    '  log "zroot: attached ${new}p$zfs_index as a mirror of $member (resilvering)"',
    "}",
  ];
}
