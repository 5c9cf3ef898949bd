import { clip } from '../../lib/text.js';

/** What an RDAP domain object (RFC 9083 §5.3) says about a registration. Pure. */
export interface Registration {
  /** The `expiration` event; some registries (e.g. .de) publish none. */
  expires?: Date;
  /** The `fn` of the entity with the `registrar` role. */
  registrar?: string;
  /** RFC 9083 status values, e.g. "active", "client transfer prohibited", "redemption period". */
  statuses: string[];
}

/** Reads a domain object, or returns a sentence saying why it is not one. */
export function readRegistration(json: unknown): Registration | string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'the answer is not a JSON object';
  const object = json as Record<string, unknown>;
  if (object.objectClassName !== 'domain') return `the answer is not an RDAP domain object (objectClassName ${JSON.stringify(object.objectClassName ?? null)})`;
  const registration: Registration = {
    statuses: Array.isArray(object.status)
      ? object.status
          .filter((s): s is string => typeof s === 'string')
          .slice(0, 50)
          .map(shown)
      : [],
  };
  const expires = eventDate(object.events, 'expiration');
  if (expires) registration.expires = expires;
  const registrar = registrarName(object.entities);
  if (registrar) registration.registrar = registrar;
  return registration;
}

function eventDate(events: unknown, action: string): Date | undefined {
  if (!Array.isArray(events)) return undefined;
  for (const event of events as Array<Record<string, unknown> | null>) {
    if (event?.eventAction !== action || typeof event.eventDate !== 'string') continue;
    const date = new Date(event.eventDate);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}

/** The registrar's name from its jCard (RFC 7095): ["vcard", [["fn", {}, "text", "Name"], …]]. */
function registrarName(entities: unknown): string | undefined {
  if (!Array.isArray(entities)) return undefined;
  const registrar = (entities as Array<Record<string, unknown> | null>).find((e) => Array.isArray(e?.roles) && (e.roles as unknown[]).includes('registrar'));
  const card = registrar?.vcardArray;
  const properties = Array.isArray(card) && Array.isArray(card[1]) ? (card[1] as unknown[]) : [];
  const fn = properties.find((p): p is unknown[] => Array.isArray(p) && p[0] === 'fn');
  const name = fn?.[3];
  return typeof name === 'string' && name.trim() !== '' ? shown(name.trim()) : undefined;
}

/** The registry chose this text: control characters out, at most 200 characters, before it reaches a message. */
function shown(text: string): string {
  return clip(text.replace(/[\x00-\x1f\x7f]/g, ' '), 200);
}
