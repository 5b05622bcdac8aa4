// Small deterministic hashes for derived identifiers (MAC addresses, stable ids). Not for secrets.

/** FNV-1a, 32 bit, over the UTF-16 code units of the text. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
