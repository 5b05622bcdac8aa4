// What the command layer (the commands ifstated runs) may do to a simulated host. The network model's
// host implements it; src/sim/commands interprets command lines against it. Kept narrow so each side
// can be tested without the other.

export type CarpState = "INIT" | "BACKUP" | "MASTER";
export type LinkState = "up" | "down" | "unknown";

export interface CommandTarget {
  readonly hostName: string;
  /** `sysctl NAME=VALUE`: net.inet.carp.demotion ADDS the value (FreeBSD 10+); others set it. Returns false for an unknown sysctl. */
  sysctl(name: string, value: number): boolean;
  /** `sysctl -n NAME` */
  readSysctl(name: string): number | undefined;
  /** `ifconfig IF vhid N state master|backup` (14.x). False when IF/vhid do not exist. */
  setCarpState(iface: string, vhid: number, state: "master" | "backup"): boolean;
  /** `ifconfig IF [vhid N] advskew S` (14.x with vhid; 8.1 `ifconfig carp0 advskew S`). */
  setAdvskew(iface: string, vhid: number | undefined, advskew: number): boolean;
  /** `ifconfig carp0 down|up` (8.1 pseudo-interface) or any interface admin state. */
  setInterfaceAdmin(iface: string, up: boolean): boolean;
  /** CARP state of a vhid on an interface (14.x), or of carpN (8.1, vhid undefined). */
  carpState(iface: string, vhid: number | undefined): CarpState | undefined;
  /** Link state as ifstated sees it: LAGG up while one port is active; carpN (8.1): MASTER=up, BACKUP=down, INIT=unknown. */
  linkState(iface: string): LinkState | undefined;
  /** Is something accepting TCP connections on this port (and address), i.e. a running, not hung, service? */
  portOpen(port: number, address?: string): boolean;
  /** A named hook script (mysql-promote, mysql-fence): returns the exit status. */
  runHook(name: string): number;
  /** logger(1) */
  log(tag: string, message: string): void;
}
