// The reference lab, resolved, for tests. Secrets are TEST-ONLY values derived from a label so that
// golden files are stable; real labs get random secrets from .lab/secrets.json.
import reference from "../../Vagrantfile.js";
import { resolve } from "../../src/model/resolve.js";
import type { LabSecrets, LabSpec, Release, ResolvedLab } from "../../src/model/types.js";
import { validateLab } from "../../src/model/validate.js";

export function testSecrets(label = "test"): LabSecrets {
  const pass = (what: string) => `${label}${what}`.replace(/[^A-Za-z0-9]/g, "").slice(0, 19);
  return {
    carpPass: { www: pass("WwwCarp"), solr: pass("SolrCarp"), mysql: pass("MysqlCarp") },
    mysql: { rootPassword: pass("Root"), replicationPassword: pass("Repl"), appPassword: pass("App") },
    ssh: {
      privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${label}-test-only-key\n-----END OPENSSH PRIVATE KEY-----\n`,
      publicKey: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITESTONLY${label.replace(/[^A-Za-z0-9]/g, "")} lab-test`,
    },
  };
}

export function referenceSpec(release: Release = "14.2"): LabSpec {
  return { ...(JSON.parse(JSON.stringify(reference)) as LabSpec), release };
}

/** Validates and resolves a spec; throws with the diagnostics when it is invalid. */
export function resolveSpec(spec: LabSpec, secrets: LabSecrets = testSecrets()): ResolvedLab {
  const v = validateLab(spec);
  if (!v.ok) throw new Error(`invalid lab: ${JSON.stringify(v.diagnostics, null, 2)}`);
  return resolve(v.lab, secrets);
}

export function referenceLab(release: Release = "14.2", secrets: LabSecrets = testSecrets()): ResolvedLab {
  return resolveSpec(referenceSpec(release), secrets);
}
