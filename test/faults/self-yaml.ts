/** Configs for the delivery and downtime fault tests: monitors that page at the first failure, on every channel given. */
/**
 * `stall_after` is 10 s unless given: these tests are about delivery, not stalls, and on a loaded machine a
 * heartbeat delayed past 2 s by the kernel would restart the engine in the middle of what they measure.
 */
export function pagingYaml(o: { channels: Record<string, string>; monitors: string; extra?: string; stallAfter?: string }): string {
  const channels = Object.entries(o.channels)
    .map(([id, url]) => `  ${id}:\n    type: webhook\n    url: ${url}`)
    .join('\n');
  return `database:
  url: sqlite:{{dir}}/tocsin.db
watchdog:
  stall_after: ${o.stallAfter ?? '10s'}
defaults:
  interval: 1s
  timeout: 1s
  alert:
    down_after: 1
  escalation: oncall
channels:
${channels}
escalations:
  oncall:
    - notify: [${Object.keys(o.channels).join(', ')}]
monitors:
${o.monitors}
${o.extra ?? ''}`;
}

export function tcpMonitors(count: number, port: number, prefix = 'm'): string {
  return Array.from({ length: count }, (_, i) => `  - id: ${prefix}${i}\n    type: tcp\n    host: 127.0.0.1\n    port: ${port}`).join('\n');
}

export interface Body {
  id: string;
  event: string;
  monitor: { id: string };
  message: string;
}

export function bodyOf(request: { body: Buffer }): Body {
  return JSON.parse(request.body.toString('utf8')) as Body;
}
