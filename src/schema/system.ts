/** The engine's own settings: server, database, retention, watchdog and monitor defaults. */
import { z } from 'zod';
import { parseRule } from '../core/targets/policy.js';
import { formatDuration } from '../lib/duration.js';
import { rdapDefaults } from '../checks/domain/schema.js';
import { duration, id, size } from './primitives.js';
import { LISTEN, listenProblem } from './listen.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const httpUrl = () => z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** An IPv4 or IPv6 address, optionally with a /prefix: what Fastify's trustProxy takes (it throws at start on anything else). */
function isProxyAddress(text: string): boolean {
  const [ip = '', prefix, extra] = text.split('/');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (v4 ? 32 : 128)))) return false;
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
  const halves = ip.split('::');
  const groups = halves.flatMap((half) => (half ? half.split(':') : []));
  return halves.length <= 2 && groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) && (halves.length === 2 ? groups.length < 8 : groups.length === 8);
}

const proxyList = () => z.array(z.string().refine(isProxyAddress, 'expected an IP address or CIDR range such as 127.0.0.1, 10.0.0.0/8 or ::1')).max(1000);

/** "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0" → { host, port }. */
const listen = () =>
  z
    .string()
    .superRefine((text, ctx) => {
      const problem = listenProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((text) => {
      const colon = text.lastIndexOf(':');
      return { host: text.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(text.slice(colon + 1)) };
    });

export const serverSchema = z
  .strictObject({
    listen: listen()
      .prefault('127.0.0.1:8080')
      .meta({ description: 'Address of the HTTP server (API, dashboard, status pages, pings), host:port', pattern: LISTEN.source }),
    public_url: httpUrl().optional().meta({ description: 'The URL people reach tocsin at; used for links inside notifications' }),
    ping_key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,}$/, 'expected a ping key of at least 8 letters, digits, "-" or "_"')
      .optional()
      .meta({ description: 'Lets jobs ping /ping/<ping_key>/<monitor-id> instead of a per-monitor UUID' }),
    metrics_token: z
      .string()
      .min(16, 'expected a token of at least 16 characters')
      .optional()
      .meta({ description: 'When set, /metrics requires Authorization: Bearer <metrics_token>' }),
    ping_auto_create: z.boolean().default(false).meta({ description: 'A ping to /ping/<ping_key>/<new-id>?create=1 creates that heartbeat monitor' }),
    probe_targets: z
      .strictObject({
        allow: z.array(targetRule()).max(1000).default([]).meta({ description: 'When not empty, the only targets checks and channels may connect to' }),
        deny: z.array(targetRule()).max(1000).default([]).meta({ description: 'Targets checks and channels may never connect to' }),
      })
      .optional()
      .meta({
        description:
          'Where checks, "test now", `tocsin check` and channels may connect, decided on the resolved address: CIDR ranges, IP addresses, host names and *.example.org patterns; the most specific entry wins. Absent: anywhere',
      }),
    subscriptions: z
      .strictObject({
        allow_private_webhooks: z
          .boolean()
          .default(false)
          .meta({ description: 'Let status page visitors subscribe webhooks on loopback, private and link-local addresses (refused by default)' }),
      })
      .optional()
      .meta({ description: 'Status page subscriptions (email, webhook)' }),
    trusted_proxies: proxyList().default([]).meta({
      description:
        'Reverse proxies in front of tocsin (IP addresses or CIDR ranges): from these, X-Forwarded-For names the client, for heartbeat pings, sign-in throttling and logs; read at start',
    }),
    trust_proxy: proxyList()
      .optional()
      .meta({ description: 'Deprecated spelling of trusted_proxies: still read (both lists are trusted), with a warning at start', examples: [['127.0.0.1']] }),
    ping_auto_create_limit: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(100)
      .meta({ description: 'At most this many heartbeat monitors created by pings (?create=1); past it such pings get 403 and create nothing' }),
    min_interval: duration()
      .refine((ms) => ms >= 100, 'expected at least 100ms')
      .prefault('1s')
      .meta({ description: 'The shortest interval a polled monitor may have' }),
    min_interval_api: duration().prefault('10s').meta({
      description: 'The shortest interval of a polled monitor created or changed through the API by someone who is not an admin (never below min_interval)',
    }),
    rdap: rdapDefaults.optional(),
    max_target_rate: z
      .number()
      .positive('expected a number of checks per second above 0')
      .max(10_000)
      .default(10)
      .meta({ description: 'At most this many checks per second reach one host:port, across all monitors; more are delayed and spread, and counted' }),
  })
  .prefault({})
  .meta({ description: 'The HTTP server, pings, and what checks may reach' });

/** One entry of server.probe_targets: a CIDR range, an IP address, a host name or a *.example.org pattern. */
function targetRule() {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseRule(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
  });
}

export const databaseSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^(?:sqlite:.+|postgres(?:ql)?:\/\/.+)$/, 'expected sqlite:<path>, sqlite::memory: or a postgres:// URL')
      .prefault('sqlite:./data/tocsin.db')
      .meta({
        description:
          "sqlite:<path>, sqlite::memory: or postgres://user@host/db; a relative SQLite path is relative to this file's directory. " +
          'TOCSIN_DATABASE_URL overrides it (a relative path there is relative to the current directory)',
      }),
  })
  .prefault({})
  .meta({ description: 'Where results, state and users are stored' });

export const retentionSchema = z
  .strictObject({
    raw: duration()
      .refine((ms) => ms >= 2 * DAY, {
        error: (issue) => `expected at least 2d, got ${formatDuration(Number(issue.input))}: daily rollups are computed from raw results`,
      })
      .prefault('14d')
      .meta({ description: 'How long failures, missed runs and changes of status are kept, with their messages (at least 2d)' }),
    successes: duration()
      .refine((ms) => ms >= HOUR, { error: (issue) => `expected at least 1h, got ${formatDuration(Number(issue.input))}` })
      .prefault('1d')
      .meta({
        description:
          'How long routine successful results are kept (at least 1h, at most retention.raw); minute, hourly and daily rollups keep their counts and latencies',
      }),
    minute: duration().prefault('2d').meta({
      description:
        'How long per-minute aggregates are kept (by whole hours: an hour of a monitor is one packed row); a minute holding one result (every minute at a 60 s interval) is read from that result until retention.successes prunes it',
    }),
    rollups: duration().prefault('400d').meta({ description: 'How long daily aggregates are kept (hourly ones: retention.hourly, never longer than this)' }),
    hourly: duration().prefault('90d').meta({
      description:
        'How long hourly aggregates are kept (at most retention.rollups; by whole days: a day of a monitor is one packed row, about 15–20 bytes an hour)',
    }),
    deleted: duration()
      .prefault('30d')
      .meta({ description: 'How long removed monitors and config objects stay restorable (with their history) before they are purged' }),
  })
  .prefault({})
  .meta({ description: 'How long history is kept' });

export const watchdogSchema = z
  .strictObject({
    ping_url: httpUrl().optional().meta({ description: "Dead man's switch: pinged while the engine is healthy, so an outside service notices silence" }),
    max_rss: size().optional().meta({
      description:
        'The engine is restarted when its resident memory grows past this; unset, the limit is 384 MiB + 16 KiB per scheduled monitor, so a large tocsin is not restarted for its size',
    }),
    stall_after: duration().prefault('15s').meta({
      description:
        'The engine is restarted when its event loop stops answering for this long while it runs; time it waits for a CPU on a busy machine does not count, up to 4 × this in all',
    }),
  })
  .prefault({})
  .meta({ description: "The supervisor that restarts a stalled or bloated engine, and the outward dead man's switch" });

const flap = z
  .strictObject({
    changes: z.number().int().min(2).meta({ description: 'State changes that count as flapping (at least 2)' }),
    within: duration().meta({ description: 'The window the changes are counted in' }),
  })
  .meta({ description: 'Flapping: this many state changes within this window notify once as "flapping"' });

const alertFields = {
  down_after: z.number().int().min(1).meta({ description: 'Consecutive failed results before the monitor is "down"' }),
  up_after: z.number().int().min(1).meta({ description: 'Consecutive good results before it is "up" again' }),
  remind_every: duration().meta({ description: 'Remind while down and not acknowledged' }),
  retry_interval: duration().meta({
    description:
      'After a failed check, check again this soon (at most the interval) until down_after is reached, so a fault is confirmed in seconds; default 10s',
  }),
  flap,
  unknown: z
    .enum(['page', 'notify', 'ignore'])
    .meta({ description: "When a check keeps failing to judge (a plugin's UNKNOWN): page and escalate as down, notify once as degraded, or only show it" }),
};

export const alertDefaultsSchema = z
  .strictObject({
    down_after: alertFields.down_after.default(2),
    up_after: alertFields.up_after.default(1),
    remind_every: alertFields.remind_every.optional(),
    retry_interval: alertFields.retry_interval.optional(),
    flap: alertFields.flap.optional(),
    unknown: alertFields.unknown.default('notify'),
  })
  .prefault({})
  .meta({ description: "When a monitor pages and reminds; each monitor's alert overrides parts of it" });

/** A monitor's `alert:` overrides some of `defaults.alert`. */
export const alertOverrideSchema = z.strictObject({
  down_after: alertFields.down_after.optional(),
  up_after: alertFields.up_after.optional(),
  remind_every: alertFields.remind_every.optional(),
  retry_interval: alertFields.retry_interval.optional(),
  flap: alertFields.flap.optional(),
  unknown: alertFields.unknown.optional(),
});

const DEFAULT_TIMEOUT = 10_000;

export const defaultsSchema = z
  .strictObject({
    interval: duration().prefault('60s').meta({ description: 'How often monitors run unless they say otherwise' }),
    timeout: duration()
      .optional()
      .meta({ description: 'Hard deadline of one check unless the monitor says otherwise; 10s, or the interval when that is shorter' }),
    alert: alertDefaultsSchema,
    escalation: id().optional().meta({ description: 'Escalation policy of monitors that name none' }),
  })
  // `interval: 5s` alone must not be an error about a timeout nobody wrote.
  .transform(({ timeout, ...rest }) => ({ ...rest, timeout: timeout ?? Math.min(DEFAULT_TIMEOUT, rest.interval) }))
  .prefault({})
  .meta({ description: 'What monitors take when they do not say' });

export type ServerConfig = z.output<typeof serverSchema>;
export type DatabaseConfig = z.output<typeof databaseSchema>;
export type RetentionConfig = z.output<typeof retentionSchema>;
export type WatchdogConfig = z.output<typeof watchdogSchema>;
export type AlertPolicy = z.output<typeof alertDefaultsSchema>;
export type Defaults = z.output<typeof defaultsSchema>;
