// A fresh, mutable JSON copy of the reference lab (Vagrantfile.ts) for tests that break it.
import lab from "../../Vagrantfile.js";

/** A deep JSON clone of the reference lab: plain data, no builder origins, safe to mutate. */
export function referenceSpec(): any {
  return JSON.parse(JSON.stringify(lab));
}
