// What a generator needs besides the lab: the VM provider the files are for. The release is the
// lab's own (`lab generate --release` overrides it before resolve()).

export const PROVIDERS = ["virtualbox", "libvirt", "bhyve"] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface GenerateOptions {
  readonly provider: Provider;
}

export const DEFAULT_GENERATE_OPTIONS: GenerateOptions = { provider: "virtualbox" };

/**
 * The laggproto written for a VM lab. Virtual switches (VirtualBox intnets, libvirt networks, bhyve
 * bridges) have no LACP partner, so a lacp LAGG would never bring a port to ACTIVE there: VM labs run
 * failover. The model keeps the protocol meant for real switches (see freebsd-ha.md).
 */
export function vmLaggProtocol(modelProtocol: string): { protocol: string; why?: string } {
  if (modelProtocol === "lacp") {
    return { protocol: "failover", why: "the model says lacp (real switches); virtual switches have no LACP partner, so this VM lab uses failover" };
  }
  return { protocol: modelProtocol };
}
