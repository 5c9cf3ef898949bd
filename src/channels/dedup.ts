import { createHash } from 'node:crypto';

/**
 * PagerDuty takes dedup keys up to 255 characters, Opsgenie aliases up to 512.
 * A longer key is replaced by its hash rather than cut, so two episodes that
 * share a long prefix never fold into one alert, and trigger and resolve still match.
 */
export function boundedKey(key: string, max: number): string {
  return key.length <= max ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
