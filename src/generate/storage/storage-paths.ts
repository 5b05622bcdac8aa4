// FreeBSD paths of the storage and provisioning files that more than one file of ours names: the
// managed-block fragments provision.sh merges into system files, the replication key, helper scripts.

import { LIBEXEC } from "../paths.js";

/** The lab's own configuration fragments (merged by provision.sh, never edited by hand). */
export const LAB_ETC = "/usr/local/etc/lab";

/** Private key of the replication ssh link, on the primary (root only). */
export const REPLICATION_KEY = "/root/.ssh/lab_replication";
/** Host keys of replicas, learnt on first contact (trust on first use). */
export const REPLICATION_KNOWN_HOSTS = "/root/.ssh/lab_known_hosts";
/** Forced command of the replication key on the replica: allows only `zfs list` and `zfs recv` of the pair's datasets. */
export const RECV_GUARD = `${LIBEXEC}/zfs-recv-guard.sh`;
/** On iSCSI consumers: logs in, formats a new LUN once, mounts it. */
export const ISCSI_ATTACH = `${LIBEXEC}/iscsi-attach.sh`;
/** rc.d script that runs ISCSI_ATTACH at boot (before mountlate). */
export const ISCSI_RC_SCRIPT = "/usr/local/etc/rc.d/lab_iscsi";
/** FreeBSD 14 reads /etc/cron.d; 8.1 only /etc/crontab and user crontabs. */
export const CRON_D_FILE = "/etc/cron.d/lab-zfs";

/**
 * A fragment provision.sh merges into a system file between `# BEGIN tag` / `# END tag` lines, so the
 * box's own lines (swap in fstab, atrun in crontab, sshd defaults) stay untouched.
 */
export interface ManagedBlock {
  readonly fragment: string;
  readonly target: string;
  readonly tag: string;
  /** Mode of the target when provision.sh has to create it. */
  readonly targetMode: number;
  /** rc service to reload when the block changed. */
  readonly reload?: string;
}

export const MANAGED_BLOCKS: readonly ManagedBlock[] = [
  { fragment: `${LAB_ETC}/fstab`, target: "/etc/fstab", tag: "lab-fstab", targetMode: 0o644 },
  { fragment: `${LAB_ETC}/crontab`, target: "/etc/crontab", tag: "lab-crontab", targetMode: 0o644 },
  { fragment: `${LAB_ETC}/sshd_config`, target: "/etc/ssh/sshd_config", tag: "lab-sshd", targetMode: 0o644, reload: "sshd" },
  { fragment: `${LAB_ETC}/root_authorized_keys`, target: "/root/.ssh/authorized_keys", tag: "lab-replication", targetMode: 0o600 },
];

export function managedBlock(target: string): ManagedBlock {
  const block = MANAGED_BLOCKS.find((b) => b.target === target);
  if (!block) throw new Error(`no managed block for ${target}`);
  return block;
}
