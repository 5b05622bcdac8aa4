// IPv4 arithmetic for the address plan and the semantic checks: parse, CIDR membership, nth address.
// Pure; addresses are handled as unsigned 32-bit integers.

export interface Cidr {
  readonly base: number;
  readonly prefixLength: number;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad IPv4; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const m = OCTETS.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255 || (m[i]!.length > 1 && m[i]!.startsWith("0"))) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses "a.b.c.d/len"; undefined when malformed. Host bits are kept (see hostBitsSet). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const base = parseIpv4(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (base === undefined || !/^\d{1,2}$/.test(lenText)) return undefined;
  const prefixLength = Number(lenText);
  if (prefixLength > 32) return undefined;
  return { base, prefixLength };
}

export function hostBitsSet(cidr: Cidr): boolean {
  return (cidr.base & ~maskOf(cidr.prefixLength)) >>> 0 !== 0;
}

export function networkAddress(cidr: Cidr): number {
  return (cidr.base & maskOf(cidr.prefixLength)) >>> 0;
}

export function contains(cidr: Cidr, address: number): boolean {
  const mask = maskOf(cidr.prefixLength);
  return ((address & mask) >>> 0) === networkAddress(cidr);
}

/** True for the network and broadcast addresses of prefixes shorter than /31. */
export function isReserved(cidr: Cidr, address: number): boolean {
  if (cidr.prefixLength >= 31) return false;
  const net = networkAddress(cidr);
  const broadcast = (net | ~maskOf(cidr.prefixLength)) >>> 0;
  return address === net || address === broadcast;
}

/** The address `offset` places above the network address, or undefined when it leaves the prefix. */
export function nthAddress(cidr: Cidr, offset: number): number | undefined {
  const net = networkAddress(cidr);
  const candidate = net + offset;
  if (!contains(cidr, candidate) || isReserved(cidr, candidate)) return undefined;
  return candidate;
}

export function netmaskText(prefixLength: number): string {
  return formatIpv4(maskOf(prefixLength));
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const mask = maskOf(shorter);
  return ((a.base & mask) >>> 0) === ((b.base & mask) >>> 0);
}
