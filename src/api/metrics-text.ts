/** Pieces of the Prometheus text exposition format (0.0.4) written by hand where prom-client would be too slow. */

/** Label values escape backslash, double quote and newline; nothing else. */
export function labelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Sample values: Go's float spellings for the non-finite ones. */
export function sampleValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

export function familyHeader(name: string, help: string, type: 'gauge' | 'counter' | 'histogram' = 'gauge'): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
}
