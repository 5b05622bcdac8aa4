// The native bhyve part of `lab generate`: vm-bhyve templates, switches and the VM script.
export { generateBhyve } from "./bhyve.js";
export { switchNames, SWITCH_NAME_MAX, MANAGEMENT } from "./switch-names.js";
