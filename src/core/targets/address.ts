/**
 * IP addresses and CIDR ranges as numbers, for deciding where tocsin may connect. Pure: no
 * node:net, so the policy built on it is table-tested like the rest of core/.
 *
 * An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address it carries: the kernel
 * connects to 127.0.0.1 when asked for it, so a rule about 127.0.0.0/8 must match it too.
 */

export interface Address {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  /** The first address of the range. */
  base: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;
const MAPPED = 0xffffn << 32n;

/** `10.0.0.5`, `::1`, `[fe80::1%eth0]` → an Address; undefined for anything else. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const v4 = parseV4(bare);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseV6(bare);
  if (v6 === undefined) return undefined;
  return v6 >> 32n === 0xffffn ? { family: 4, value: v6 - MAPPED } : { family: 6, value: v6 };
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; problem: string };

/** `10.0.0.0/8`, `fd00::/8`, or a single address (`/32`, `/128`). Host bits set after the prefix are refused: a likely typo. */
export function parseCidr(text: string): CidrParse | undefined {
  const [head = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  const bare = head.replace(/^\[(.*)\]$/, '$1');
  const v4 = parseV4(bare);
  const v6 = v4 === undefined ? parseV6(bare) : undefined;
  if (v4 === undefined && v6 === undefined) return undefined;
  let family: 4 | 6 = v4 !== undefined ? 4 : 6;
  let base = v4 ?? v6!;
  let prefix = prefixText === undefined ? BITS[family] : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= BITS[family])) return { ok: false, problem: `${text}: expected a prefix length between 0 and ${BITS[family]}` };
  if (family === 6 && prefix >= 96 && base >> 32n === 0xffffn) {
    // ::ffff:10.0.0.0/104 is 10.0.0.0/8: mapped addresses are matched as IPv4.
    family = 4;
    base -= MAPPED;
    prefix -= 96;
  }
  if ((base & hostMask(family, prefix)) !== 0n) {
    const network = formatAddress({ family, value: base & ~hostMask(family, prefix) });
    return { ok: false, problem: `${text} has bits set after its /${prefix} prefix; did you mean ${network}/${prefix}?` };
  }
  return { ok: true, cidr: { family, base, prefix } };
}

export function contains(cidr: Cidr, address: Address): boolean {
  return cidr.family === address.family && (address.value & ~hostMask(cidr.family, cidr.prefix)) === cidr.base;
}

/** The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, the longest zero run as `::`). */
export function formatAddress({ family, value }: Address): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress({ family: cidr.family, value: cidr.base })}/${cidr.prefix}`;
}

function hostMask(family: 4 | 6, prefix: number): bigint {
  return (1n << BigInt(BITS[family] - prefix)) - 1n;
}

/** Strict dotted quad only: the exotic spellings (`127.1`, `0x7f.1`) are resolved names, never rules. */
function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((sum, p) => (sum << 8n) | BigInt(p), 0n);
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (const [i, field] of fields.entries()) {
      if (i === fields.length - 1 && field.includes('.')) {
        const v4 = parseV4(field);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(field)) out.push(parseInt(field, 16));
      else return undefined;
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 2 && head.length > 0 && (halves[0] ?? '').includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((sum, g) => (sum << 16n) | BigInt(g), 0n);
}
