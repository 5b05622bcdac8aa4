// SSH key pairs for provisioning, generated with ssh2 (the only place besides the SSH transport that
// imports it), in OpenSSH format so `ssh -i` and ssh2 both read them.

export interface SshKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

// ssh2 is loaded on first use: commands that need no key do not pay for loading it.
export async function generateSshKeyPair(comment: string): Promise<SshKeyPair> {
  const { default: ssh2 } = await import("ssh2");
  const pair = ssh2.utils.generateKeyPairSync("ed25519", { comment });
  return { privateKey: pair.private, publicKey: pair.public };
}
