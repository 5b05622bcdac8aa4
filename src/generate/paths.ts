// FreeBSD paths shared by several generators (a config names a script another generator writes).

/** Where the lab's own scripts go on every host. */
export const LIBEXEC = "/usr/local/libexec/lab";

export const SCRIPT = {
  /** `check-port.sh PORT [ADDRESS]`: exit 0 when something accepts TCP connections there (ifstated test). */
  checkPort: `${LIBEXEC}/check-port.sh`,
  /** `carp-state.sh IFACE VHID`: prints MASTER/BACKUP/INIT; exit 0 when MASTER (ifstated test on 14.x). */
  carpState: `${LIBEXEC}/carp-state.sh`,
  /** Called by ifstated on db hosts when this host becomes CARP master: promote the replica. */
  mysqlPromote: `${LIBEXEC}/mysql-promote.sh`,
  /** Called by ifstated on db hosts when this host loses CARP master: fence (read_only). */
  mysqlFence: `${LIBEXEC}/mysql-fence.sh`,
  zfsSnapshot: `${LIBEXEC}/zfs-snapshot.sh`,
  zfsReplicate: `${LIBEXEC}/zfs-replicate.sh`,
  zpoolCreate: `${LIBEXEC}/zpool-create.sh`,
} as const;

export const IFSTATED_CONF = "/usr/local/etc/ifstated.conf";
