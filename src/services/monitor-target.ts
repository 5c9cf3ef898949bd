/** What a monitor probes, in a few words a person recognises, with no secret in it: for notifications. */
import { redactUrl } from '../checks/http/redact.js';
import type { MonitorConfig } from '../schema/config.js';
import { formatDuration } from '../lib/duration.js';

export function monitorTarget(monitor: MonitorConfig): string {
  switch (monitor.type) {
    case 'http':
      return `${monitor.settings.method} ${safeUrl(monitor.settings.url)}`;
    case 'postgres':
    case 'mysql':
    case 'redis':
    case 'ldap':
      return safeUrl(monitor.settings.url);
    case 'tcp':
    case 'tls':
    case 'smtp':
    case 'ssh':
      return hostPort(monitor.settings.host, monitor.settings.port);
    case 'domain':
      return `registration of ${monitor.settings.domain}`;
    case 'dns':
      return `${monitor.settings.record} ${monitor.settings.query}${monitor.settings.resolver ? ` @${monitor.settings.resolver}` : ''}`;
    case 'exec':
      // Arguments often carry passwords (check_mysql -p …): name the program only.
      return monitor.settings.command[0] ?? 'command';
    case 'heartbeat':
      return monitor.settings.schedule !== undefined
        ? `ping expected on "${monitor.settings.schedule}" (${monitor.settings.tz})`
        : `ping expected every ${formatDuration(monitor.settings.period ?? 0)}`;
    case 'self': // tocsin's own figure
      return `tocsin ${monitor.settings.metric.replaceAll('_', ' ')}`;
    // The alert's own source link when it sent one; never a made-up URL.
    case 'alertmanager':
      return monitor.settings.source !== undefined ? safeUrl(monitor.settings.source) : 'Alertmanager';
    case 'webhook':
      return monitor.settings.source !== undefined ? safeUrl(monitor.settings.source) : 'inbound webhook';
    case 'icmp':
      return `ping ${monitor.settings.host}`;
    case 'udp':
      return `udp ${hostPort(monitor.settings.host, monitor.settings.port)}`;
    case 'websocket':
      return safeUrl(monitor.settings.url);
    case 'grpc':
      return `grpc ${hostPort(monitor.settings.host, monitor.settings.port)}${monitor.settings.service ? ` ${monitor.settings.service}` : ''}`;
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function safeUrl(url: string): string {
  try {
    return redactUrl(url);
  } catch {
    // Not a URL the WHATWG parser accepts; say nothing rather than risk a password.
    return 'an unparsable URL';
  }
}
