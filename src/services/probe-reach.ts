/**
 * Who may point tocsin inside the network it sits in. A plain GET, a TCP connect, a certificate or
 * a DNS answer tells a person whether something is up; a SQL query, a Redis command, bytes sent
 * over TCP, an HTTP request with credentials or a body, or a JSON value shown back make tocsin a
 * client of internal services on the caller's behalf. Through the API those are for admins, and
 * for editors an admin granted `probe_internal` (a flag on the user, PATCH /api/v1/users/:id).
 * tocsin.yaml is not concerned: whoever writes it already runs tocsin.
 */
import type { Actor } from '../api/auth/access.js';
import { TocsinError } from '../lib/errors.js';
import type { MonitorConfig } from '../schema/config.js';
import type { Db } from '../store/schema.js';
import { getToken } from '../store/tokens.js';
import { getUser } from '../store/users.js';

export interface Reach {
  /** The monitor field that reaches inside, as the API body writes it. */
  field: string;
  why: string;
}

/** Methods that ask for an answer; the others ask the target to act. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The first setting of `monitor` that reaches inside networks, or undefined for a plain probe. */
export function internalReach(monitor: MonitorConfig): Reach | undefined {
  switch (monitor.type) {
    case 'postgres':
    case 'mysql':
    case 'redis':
      return { field: 'type', why: `a ${monitor.type} monitor logs in to a server and runs commands there` };
    case 'tcp':
      if (monitor.settings.send === undefined) return undefined;
      return { field: 'send', why: 'a tcp monitor that sends data can speak any protocol to any port and shows what it answers' };
    case 'http':
      return httpReach(monitor.settings);
    case 'udp':
      return { field: monitor.settings.send_hex === undefined ? 'send' : 'send_hex', why: 'a udp monitor sends any datagram to any port and shows what it answers' };
    case 'websocket':
      if (monitor.settings.ca_file !== undefined) return { field: 'ca_file', why: "ca_file reads a file on tocsin's host" };
      if (monitor.settings.send === undefined) return undefined;
      return { field: 'send', why: 'a websocket monitor that sends a message speaks to the service behind it and shows what it answers' };
    case 'grpc':
      return monitor.settings.ca_file === undefined ? undefined : { field: 'ca_file', why: "ca_file reads a file on tocsin's host" };
    case 'ldap':
      if (monitor.settings.bind_password !== undefined) return { field: 'bind_password', why: 'an ldap monitor with credentials logs in to the directory' };
      if (monitor.settings.search !== undefined) return { field: 'search', why: 'an ldap monitor that searches reads the directory and shows how many entries match' };
      return undefined;
    case 'domain':
      if (monitor.settings.rdap_server === undefined) return undefined;
      return { field: 'rdap_server', why: 'a domain monitor asks its rdap_server over HTTP and shows parts of the JSON it answers' };
    case 'ssh':
      if (monitor.settings.username === undefined) return undefined;
      return { field: 'username', why: 'an ssh monitor with a key logs in to the server' };
    default:
      return undefined;
  }
}

function httpReach(settings: Extract<MonitorConfig, { type: 'http' }>['settings']): Reach | undefined {
  if (Object.keys(settings.headers).length > 0) return { field: 'headers', why: 'custom headers carry credentials to the services they open' };
  if (settings.body !== undefined) return { field: 'body', why: 'a request body asks the target to act' };
  if (!READING_METHODS.has(settings.method)) return { field: 'method', why: `${settings.method} asks the target to act, not to answer` };
  if (settings.expect.json_path !== undefined) return { field: 'expect.json_path', why: 'the JSON value it finds is shown in the result' };
  return undefined;
}

/** Refuses (403, naming the field and the role needed) a monitor `actor` may not define. */
export async function authorizeReach(db: Db, actor: Actor, monitor: MonitorConfig): Promise<void> {
  const reach = internalReach(monitor);
  if (!reach || actor.role === 'admin' || (await mayProbeInternal(db, actor))) return;
  throw new TocsinError('forbidden', `${reach.field}: ${reach.why}; only admins, and editors an admin granted probe_internal, may define it`, {
    field: reach.field,
    expected: 'role admin, or an editor with probe_internal (an admin sets it: PATCH /api/v1/users/{id} {"probe_internal": true})',
  });
}

/** The grant is read from the store on each use, so withdrawing it takes effect at once. */
async function mayProbeInternal(db: Db, actor: Actor): Promise<boolean> {
  const userId = actor.kind === 'user' ? actor.id : (await getToken(db, actor.id))?.userId;
  const user = userId === undefined ? undefined : await getUser(db, userId);
  return user?.role === 'editor' && user.probeInternal;
}
