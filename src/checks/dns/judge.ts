import type { Status } from '../../core/types.js';
import { describeDnsError } from '../../lib/net/resolve.js';
import type { DnsObservation } from './observe.js';
import { canonical, type DnsRecordType } from './records.js';
import type { DnsSettings } from './schema.js';

export interface DnsVerdict {
  status: Status;
  message: string;
}

/**
 * Up when the answers are exactly the expected values (order, name case and
 * trailing dots ignored), or, without `expect`, when there is any answer.
 */
export function judgeDns(seen: DnsObservation, settings: Pick<DnsSettings, 'expect'>): DnsVerdict {
  const { name, record, via } = seen;
  if (!('answers' in seen)) {
    if (seen.code === 'ETARGETREFUSED') return { status: 'down', message: seen.error };
    const reason = seen.code === 'ENODATA' ? `${name} has no ${record} record` : describeDnsError({ code: seen.code, message: seen.error }, name);
    return { status: 'down', message: `${reason} (via ${via})` };
  }
  const answers = seen.answers.map((value) => canonical(record, value));
  if (answers.length === 0) return { status: 'down', message: `${name} ${record} answered nothing (via ${via})` };
  const expected = settings.expect?.values.map((value) => canonical(record, value));
  if (expected && !sameSet(answers, expected)) {
    return { status: 'down', message: `${name} ${record} answered ${show(record, answers)}, expected ${show(record, expected)} (via ${via})` };
  }
  return { status: 'up', message: `${name} ${record} = ${show(record, answers)} (via ${via})` };
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/** TXT values may hold spaces and commas, so they are quoted to keep a list readable. */
function show(record: DnsRecordType, values: string[]): string {
  return values.map((value) => (record === 'TXT' ? JSON.stringify(value) : value)).join(', ');
}
