// IPv4 CIDR arithmetic for cluster networks: parsing, private ranges, overlap, the /24 subnets a
// template gets, and the prefix-tree nodes the registration lock scheme writes (see keys.ts).

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Strict "a.b.c.d/p" with the host bits zero (AWS refuses 10.0.0.1/16 for a VPC); undefined otherwise. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m[1].split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  const prefix = Number(m[2]);
  if (prefix > 32) return undefined;
  const address = parts.reduce((n, p) => n * 256 + Number(p), 0);
  if ((address & ~mask(prefix)) >>> 0 !== 0) return undefined;
  return { network: address, prefix };
}

export const mask = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

export const formatIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
export const formatCidr = (c: Cidr) => `${formatIp(c.network)}/${c.prefix}`;

/** Whether `outer` contains `inner` (every address of inner is in outer). */
export const contains = (outer: Cidr, inner: Cidr) => outer.prefix <= inner.prefix && ((inner.network & mask(outer.prefix)) >>> 0) === outer.network;

/** Two CIDR blocks overlap exactly when one contains the other. */
export const overlaps = (a: Cidr, b: Cidr) => contains(a, b) || contains(b, a);

/** RFC 1918. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t)!);

export const isPrivate = (c: Cidr) => PRIVATE_RANGES.some((r) => contains(r, c));

/** AWS allows a VPC block of /16 to /28; the templates' four /24 subnets need at least a /22. */
export const VPC_MIN_PREFIX = 16;
export const VPC_MAX_PREFIX = 22;
/** Public and private /24 subnets in two Availability Zones (infra/cluster-templates/). */
export const SUBNET_COUNT = 4;

/** The block of `c` at prefix `p` ≤ c.prefix (its ancestor in the prefix tree). */
export const ancestorAt = (c: Cidr, p: number): Cidr => ({ network: (c.network & mask(p)) >>> 0, prefix: p });

/**
 * The prefix-tree nodes from /VPC_MIN_PREFIX down to `c` itself: the items a registration writes. A
 * registered block is only ever at a prefix ≥ /16, so no node above /16 can hold a claim.
 */
export function lockPath(c: Cidr): { ancestors: Cidr[]; self: Cidr } {
  const ancestors: Cidr[] = [];
  for (let p = VPC_MIN_PREFIX; p < c.prefix; p++) ancestors.push(ancestorAt(c, p));
  return { ancestors, self: c };
}

/** The first `count` /24 subnets of a VPC block (a /24 VPC has only one; smaller ones none). */
export function subnets24(vpc: Cidr, count: number): string[] {
  if (vpc.prefix > 24) return [];
  const available = 2 ** (24 - vpc.prefix);
  const out: string[] = [];
  for (let i = 0; i < Math.min(count, available); i++) out.push(formatCidr({ network: (vpc.network + i * 256) >>> 0, prefix: 24 }));
  return out;
}
