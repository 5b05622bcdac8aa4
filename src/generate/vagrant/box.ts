// The Vagrant base box of each release: its name and version, pinned in the Vagrantfile, and the
// Packer template in boxes/ that builds it (a test keeps these equal to the template's variables).

import type { Release } from "../../model/types.js";

export interface BoxInfo {
  readonly name: string;
  readonly version: string;
  /** Packer template that builds the box, relative to the project root; none for 8.1 (see below). */
  readonly template?: string;
  /** Why there is no template, for the Vagrantfile header. */
  readonly noTemplateWhy?: string;
}

export const BOXES: Readonly<Record<Release, BoxInfo>> = {
  "14.2": {
    name: "speed-daemons/freebsd-14.2",
    version: "14.2.0",
    template: "boxes/freebsd-14.2.json",
  },
  // FreeBSD 8.1 media are archive-only, its installer (sysinstall) has no scripted install that
  // Packer could drive over HTTP, and its GENERIC kernel has no virtio drivers: the project builds
  // no 8.1 box. 8.1 labs generate the talk's configuration files; to boot them in VMs, add a box
  // of this name by hand (see the Vagrantfile header).
  "8.1": {
    name: "speed-daemons/freebsd-8.1",
    version: "8.1.0",
    noTemplateWhy:
      "no Packer template builds it: 8.1 media are archive-only (ftp-archive.freebsd.org), sysinstall cannot be scripted over HTTP and 8.1 has no virtio drivers",
  },
};

export function boxFor(release: Release): BoxInfo {
  return BOXES[release];
}
