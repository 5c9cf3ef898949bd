/** Durations in notification text, rounded to what a person reads: "12m30s", not "750123ms". */
import { formatDuration } from '../../lib/duration.js';

export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return formatDuration(seconds * 1000);
}
