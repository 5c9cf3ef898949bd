/**
 * Where tocsin may connect: `server.probe_targets`, as allow and deny lists of CIDR ranges and host
 * name patterns, decided for each address actually connected to. Pure.
 *
 * The most specific matching entry decides, as in a routing table, so exceptions can be carved in
 * either direction (deny 10.0.0.0/8, allow 10.1.2.3). A host entry is more specific than any
 * range, an exact name more than a wildcard, a longer wildcard more than a shorter one; between a
 * deny and an allow entry equally specific, deny wins. When `allow` lists anything, a target that
 * matches nothing in it is refused; with `allow` empty, everything not denied is allowed.
 */
import { contains, formatCidr, parseAddress, parseCidr, type Cidr } from './address.js';

export type TargetDecision = { allowed: true } | { allowed: false; why: string };

/** Decides one connection: `host` as configured (a name or an IP), `address` the IP it resolved to. */
export interface TargetPolicy {
  decide(host: string, address: string): TargetDecision;
}

export interface ProbeTargets {
  allow: readonly string[];
  deny: readonly string[];
}

type Rule = { text: string; specificity: number } & ({ kind: 'range'; cidr: Cidr } | { kind: 'host'; exact: string } | { kind: 'host'; under: string });

export type RuleParse = { ok: true; rule: Rule } | { ok: false; problem: string };

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
/** Any range is less specific than any host entry (a /128 is 128). */
const HOST = 1000;

/** `10.0.0.0/8`, `::1`, `db.internal`, `*.internal.example.org`. */
export function parseRule(text: string): RuleParse {
  const cidr = parseCidr(text.trim());
  if (cidr?.ok) return { ok: true, rule: { text: formatCidr(cidr.cidr), specificity: cidr.cidr.prefix, kind: 'range', cidr: cidr.cidr } };
  if (cidr) return cidr;
  const name = canonicalName(text.trim());
  const wildcard = name.startsWith('*.');
  const labels = (wildcard ? name.slice(2) : name).split('.');
  if (name.length > 253 || !labels.every((label) => LABEL.test(label)) || (wildcard && labels.length < 2)) {
    return {
      ok: false,
      problem: `${JSON.stringify(text)}: expected a CIDR range (10.0.0.0/8, fd00::/8), an IP address, a host name or a pattern such as *.internal.example.org`,
    };
  }
  if (wildcard) return { ok: true, rule: { text: name, specificity: HOST + labels.length, kind: 'host', under: name.slice(1) } };
  return { ok: true, rule: { text: name, specificity: 2 * HOST, kind: 'host', exact: name } };
}

/** The policy of `server.probe_targets`; undefined (everything allowed) when it is absent or empty. */
export function probeTargetPolicy(config: ProbeTargets | undefined): TargetPolicy | undefined {
  if (!config || (config.allow.length === 0 && config.deny.length === 0)) return undefined;
  const allow = rulesOf(config.allow);
  const deny = rulesOf(config.deny);
  return {
    decide(host, address) {
      const ip = parseAddress(address);
      if (!ip) return { allowed: false, why: 'is not an IP address tocsin can check against server.probe_targets' };
      const name = canonicalName(host);
      const matching = (rules: Rule[]) => mostSpecific(rules.filter((rule) => (rule.kind === 'range' ? contains(rule.cidr, ip) : matchesName(rule, name))));
      const denied = matching(deny);
      const allowed = matching(allow);
      if (denied && (!allowed || allowed.specificity <= denied.specificity))
        return { allowed: false, why: `is not allowed by server.probe_targets (deny ${denied.text})` };
      if (!allowed && allow.length > 0) return { allowed: false, why: 'is not allowed by server.probe_targets (not in allow)' };
      return { allowed: true };
    },
  };
}

/** Every policy must allow: the first refusal is the answer. */
export function allOf(...policies: (TargetPolicy | undefined)[]): TargetPolicy | undefined {
  const present = policies.filter((p): p is TargetPolicy => p !== undefined);
  if (present.length <= 1) return present[0];
  return {
    decide(host, address) {
      for (const policy of present) {
        const decision = policy.decide(host, address);
        if (!decision.allowed) return decision;
      }
      return { allowed: true };
    },
  };
}

function rulesOf(texts: readonly string[]): Rule[] {
  return texts.map((text) => {
    const parsed = parseRule(text);
    // The schema validated every entry; reaching this is a bug in the caller, not bad input.
    if (!parsed.ok) throw new Error(`server.probe_targets: ${parsed.problem}`);
    return parsed.rule;
  });
}

function mostSpecific(rules: Rule[]): Rule | undefined {
  return rules.reduce<Rule | undefined>((best, rule) => (!best || rule.specificity > best.specificity ? rule : best), undefined);
}

/** `*.example.org` covers every name below example.org, at any depth, but not example.org itself. */
function matchesName(rule: Rule, name: string): boolean {
  if (rule.kind !== 'host') return false;
  return 'exact' in rule ? name === rule.exact : name.endsWith(rule.under);
}

function canonicalName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
