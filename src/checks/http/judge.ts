import type { Status } from '../../core/types.js';
import { compilePattern } from '../../lib/pattern.js';
import { lookup } from './json-path.js';
import type { Observation, ObservedResponse } from './observation.js';
import type { HttpSettings } from './schema.js';

type Expect = HttpSettings['expect'];

export interface Verdict {
  status: Status;
  message: string;
  metrics: Record<string, number>;
}

/** Decides up / degraded / down from what was observed. Pure. */
export function judge(observation: Observation, expect: Expect): Verdict {
  const { response, failure, latencyMs } = observation;
  if (observation.unusable !== undefined) return { status: 'unknown', message: observation.unusable, metrics: {} };
  if (failure !== undefined || response === undefined) {
    return { status: 'down', message: failure ?? 'no response', metrics: {} };
  }
  const metrics = { http_status: response.status, body_bytes: response.bodyBytes };
  const where = describeUrl(observation.chain);
  for (const rule of RULES) {
    const problem = rule(response, expect, where);
    if (problem) return { status: 'down', message: problem, metrics };
  }
  const ms = Math.round(latencyMs);
  if (expect.max_latency !== undefined && latencyMs > expect.max_latency) {
    return { status: 'degraded', message: `responded in ${ms} ms, above max_latency ${expect.max_latency} ms`, metrics };
  }
  return { status: 'up', message: `HTTP ${response.status} in ${ms} ms`, metrics };
}

type Rule = (response: ObservedResponse, expect: Expect, where: string) => string | undefined;

function statusRule(response: ObservedResponse, expect: Expect, where: string): string | undefined {
  const accepted = expect.status ? expect.status.includes(response.status) : response.status >= 200 && response.status <= 399;
  if (accepted) return undefined;
  return `HTTP ${response.status} from ${where}, expected ${expect.status ? orList(expect.status) : '200–399'}`;
}

function containsRule(response: ObservedResponse, expect: Expect, where: string): string | undefined {
  if (expect.body_contains === undefined || response.body.includes(expect.body_contains)) return undefined;
  return `body of ${where} does not contain ${JSON.stringify(expect.body_contains)}${partly(response)}`;
}

function regexRule(response: ObservedResponse, expect: Expect, where: string): string | undefined {
  if (expect.body_regex === undefined || compilePattern(expect.body_regex).test(response.body)) return undefined;
  return `body of ${where} does not match /${expect.body_regex}/${partly(response)}`;
}

function jsonRule(response: ObservedResponse, expect: Expect, where: string): string | undefined {
  const rule = expect.json_path;
  if (rule === undefined) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(response.body);
  } catch (error) {
    return `body of ${where} is not JSON${partly(response)}: ${(error as Error).message}`;
  }
  const found = lookup(document, rule.path);
  if (!found.found) return `${rule.path} is missing in the JSON from ${where} (no ${found.missing}), expected ${show(rule.equals)}`;
  if (found.value === rule.equals) return undefined;
  return `${rule.path} is ${show(found.value)}, expected ${show(rule.equals)}`;
}

/** In the order their problems are reported: the first that finds one decides. */
const RULES: readonly Rule[] = [statusRule, containsRule, regexRule, jsonRule];

/** The URL that answered; when redirected, also where it started. */
function describeUrl(chain: readonly string[]): string {
  const last = chain[chain.length - 1] ?? '';
  return chain.length > 1 ? `${last} (redirected from ${chain[0]})` : last;
}

function partly(response: ObservedResponse): string {
  return response.truncated ? ` (checked the first ${response.bodyBytes} bytes only)` : '';
}

function orList(codes: number[]): string {
  if (codes.length === 1) return String(codes[0]);
  return `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
