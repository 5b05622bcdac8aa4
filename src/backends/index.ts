// The backends' public API: the Backend interface and the implementations available to `lab up`.

export type { Backend, BackendEvent, BackendKind, BackendPosition, ExecResult, PaceState, Pacing, SpeedCommand, UpProgress } from "./backend.js";
export { BACKEND_KINDS } from "./backend.js";
export { SimBackend, type SimBackendOptions } from "./sim/sim-backend.js";
export { advanceTo, DivergenceError } from "./sim/advance.js";
export { parseSpeedCommand, isSpeedCommand, SPEED_FORMS } from "./sim/speed-command.js";
