// Public API of the package: the builder a Vagrantfile.ts imports, the lab types, validation and resolve.

export { defineLab, LabBuilder, HostBuilder, CarpBuilder, ChainBuilder, StorageBuilder, mirror, raidz1, raidz2, raidz3, stripe, originsOf } from "./model/builder.js";
export type { Origin } from "./model/builder.js";
export { validateLab } from "./model/validate.js";
export type { Validation } from "./model/validate.js";
export { resolve } from "./model/resolve.js";
export type { Diagnostic, Severity } from "./model/diagnostics.js";
export type * from "./model/types.js";
