// The text of a speed command ("10x", "0.5x", "pause", "resume", "step") checked and parsed.

import type { SpeedCommand } from "../backend.js";

export type ParsedSpeed = { readonly kind: "pause" | "resume" | "step" } | { readonly kind: "speed"; readonly factor: number };

const FACTOR = /^([0-9]+(?:\.[0-9]+)?)x$/;

/** undefined when the text is none of the forms (the caller names them). */
export function parseSpeedCommand(text: string): ParsedSpeed | undefined {
  const t = text.trim().toLowerCase();
  if (t === "pause" || t === "resume" || t === "step") return { kind: t };
  const m = FACTOR.exec(t);
  return m ? { kind: "speed", factor: Number(m[1]) } : undefined;
}

export function isSpeedCommand(text: string): text is SpeedCommand {
  return parseSpeedCommand(text) !== undefined;
}

export const SPEED_FORMS = "10x, 0.5x (0.1x-1000x), pause, resume or step (one event, while paused)";
