// Per-lab secrets: CARP passwords, MySQL passwords and the provisioning SSH key, generated with the
// system's CSPRNG the first time a command needs them and kept in `.lab/secrets.json` (mode 0600, in a
// 0700 directory that .gitignore excludes). Never written into tracked files.

import { randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSshKeyPair } from "../backends/ssh/keys.js";
import type { LabSecrets, LabSpec } from "../model/types.js";
import { EXIT, LabError } from "./errors.js";

export const STATE_DIR = ".lab";
export const SECRETS_FILE = "secrets.json";
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
/** carp(4) uses at most 19 characters of `pass`. */
const CARP_PASS_LENGTH = 19;

export function randomPassword(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function isSecrets(value: unknown): value is LabSecrets {
  const v = value as LabSecrets;
  return !!v && typeof v === "object" && !!v.carpPass && typeof v.carpPass === "object"
    && Object.values(v.carpPass).every((p) => typeof p === "string" && /^[A-Za-z0-9]{1,19}$/.test(p))
    && !!v.mysql && ["rootPassword", "replicationPassword", "appPassword"].every((k) => typeof (v.mysql as Record<string, unknown>)[k] === "string")
    && !!v.ssh && typeof v.ssh.privateKey === "string" && typeof v.ssh.publicKey === "string";
}

async function generate(lab: LabSpec): Promise<LabSecrets> {
  return {
    carpPass: Object.fromEntries((lab.carp ?? []).map((g) => [g.name, randomPassword(CARP_PASS_LENGTH)])),
    mysql: { rootPassword: randomPassword(24), replicationPassword: randomPassword(24), appPassword: randomPassword(24) },
    ssh: await generateSshKeyPair(`lab-${lab.name}`),
  };
}

/** Adds passwords for CARP groups the stored secrets do not know yet (the lab grew). */
function complete(secrets: LabSecrets, lab: LabSpec): { secrets: LabSecrets; changed: boolean } {
  const missing = (lab.carp ?? []).filter((g) => !(g.name in secrets.carpPass));
  if (!missing.length) return { secrets, changed: false };
  const carpPass = { ...secrets.carpPass, ...Object.fromEntries(missing.map((g) => [g.name, randomPassword(CARP_PASS_LENGTH)])) };
  return { secrets: { ...secrets, carpPass }, changed: true };
}

export interface SecretsOptions {
  /** Write new or completed secrets to disk (commands that deploy); otherwise they stay in memory. */
  readonly persist: boolean;
}

/** The lab's secrets from `<baseDir>/.lab/secrets.json`, created when missing. */
export async function loadSecrets(baseDir: string, lab: LabSpec, options: SecretsOptions): Promise<LabSecrets> {
  const dir = join(baseDir, STATE_DIR);
  const file = join(dir, SECRETS_FILE);
  let stored: LabSecrets | undefined;
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new LabError(`${file}: cannot read secrets: ${(e as Error).message}`, EXIT.io,
        `repair the file, or move it away to generate new secrets (then redeploy: passwords change)`);
    }
    if (!isSecrets(parsed)) {
      throw new LabError(`${file}: not a secrets file of this tool`, EXIT.io,
        "move it away to generate new secrets (then redeploy: passwords change)");
    }
    stored = parsed;
  }
  const { secrets, changed } = stored ? complete(stored, lab) : { secrets: await generate(lab), changed: true };
  if (changed && options.persist) writeSecrets(dir, file, secrets);
  return secrets;
}

function writeSecrets(dir: string, file: string, secrets: LabSecrets): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    if (!existsSync(join(dir, ".gitignore"))) writeFileSync(join(dir, ".gitignore"), "*\n", { mode: 0o600 });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (e) {
    throw new LabError(`${file}: cannot write secrets: ${(e as Error).message}`, EXIT.io, `check that ${dir} is writable`);
  }
}
