// fast-check arbitraries for faults: any syntactically valid fault of every kind (names follow the
// lab's name patterns; numbers are those the text form can carry exactly).
import fc from "fast-check";
import type { Fault, ScheduledFault } from "../../src/faults/index.js";

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
const ifname = fc.stringMatching(/^[a-z]{2,8}[0-9]{1,3}$/);
const sysctlName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}(\.[a-z0-9_]{1,12}){1,4}$/);

export const arbitraryFault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constantFrom("power-off", "power-on", "crash", "reboot"), host: name }),
  fc.record({ kind: fc.constantFrom("nic-down", "nic-up"), host: name, nic: ifname }),
  fc.record({ kind: fc.constantFrom("lagg-down", "lagg-up"), host: name, lagg: ifname }),
  fc.record({ kind: fc.constant("partition"), groups: fc.array(fc.array(name, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }) }),
  fc.constant({ kind: "heal" }),
  fc.record({ kind: fc.constant("link-loss"), network: name, percent: fc.integer({ min: 0, max: 100_000 }).map((k) => k / 1000) }),
  fc.record({ kind: fc.constant("link-delay"), network: name, delayMs: fc.integer({ min: 0, max: 60_000_000 }).map((k) => k / 1000) }),
  fc.record({ kind: fc.constant("one-way-cut"), from: name, to: name, restore: fc.constant(true) }, { requiredKeys: ["kind", "from", "to"] }),
  fc.record({ kind: fc.constantFrom("service-stop", "service-start", "service-crash", "service-hang"), host: name, service: name }),
  fc.record({ kind: fc.constant("sysctl"), host: name, name: sysctlName, value: fc.integer({ min: -1_000_000, max: 1_000_000 }) }),
  fc.record({ kind: fc.constant("carp-demote"), host: name, n: fc.integer({ min: -100_000, max: 100_000 }) }),
  fc.record({ kind: fc.constantFrom("disk-fail", "disk-replace"), host: name, disk: name }),
  fc.record({ kind: fc.constant("slow-disk"), host: name, disk: name, factor: fc.integer({ min: 1000, max: 1_000_000 }).map((k) => k / 1000) }),
  fc.record({ kind: fc.constantFrom("pool-full", "pool-free"), host: name, pool: name }),
  fc.record({
    kind: fc.constantFrom("replica-stop", "replica-start", "mysql-crash", "storage-link-down", "storage-link-up", "storage-promote", "storage-demote"),
    host: name,
  }),
  fc.record({ kind: fc.constant("storage-link-rate"), host: name, mbitPerS: fc.option(fc.integer({ min: 1, max: 100_000_000 }).map((k) => k / 1000), { nil: null }) }),
) as fc.Arbitrary<Fault>;

export const arbitraryScheduledFault: fc.Arbitrary<ScheduledFault> = fc.record({
  atUs: fc.oneof(fc.integer({ min: 0, max: 10_000_000_000_000 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 100 }).map((s) => s * 1_000_000)),
  fault: arbitraryFault,
});
