// The fault vocabulary's public API: types, text form, validation against a lab, inverses,
// application to a FaultTarget and random schedules for swarm tests.

export { FAULT_KINDS, SERVICE_FAULT_STATE, isFaultKind } from "./types.js";
export type { Fault, FaultFields, FaultKind, FaultOf, ScheduledFault, ServiceFaultKind } from "./types.js";
export type { FaultTarget, ServiceFaultState } from "./target.js";
export { FAULT_FORMS, describeForm, listForms, type FaultForm } from "./forms.js";
export { parseFault, parseFaultWithoutTime, parseSchedule, parseDurationText } from "./parse.js";
export type { FaultParseError, ParseResult, ScheduleParseResult } from "./parse.js";
export { formatFault, formatScheduledFault } from "./format.js";
export { formatTimeUs, formatDelayMs, parseDurationUs, type DurationOptions, type TimeResult } from "./time-text.js";
export { validateFault, validateSchedule, MAX_DELAY_MS, type FaultProblem } from "./validate.js";
export { inverseOf, isRepair, type HealContext } from "./heal.js";
export { applyFault } from "./apply.js";
export { randomSchedule, HEAL_PROBABILITY, type FaultRng } from "./random.js";
export { KNOWN_SYSCTLS, DEMOTION_LIMIT, sysctlsFor, findSysctl, isAdditiveSysctl, type SysctlInfo } from "./sysctls.js";
