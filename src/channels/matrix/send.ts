/**
 * Sends the rendered event. A room alias (#ops:example.org) cannot be sent
 * to; it is first resolved through the room directory, then the request is
 * re-addressed to the room id it names.
 */
import { requestHttp, sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

export async function send(request: HttpRequest, config: ChannelOf<'matrix'>, options: SendOptions): Promise<SendOutcome> {
  const secrets = [config.access_token];
  if (!config.room_id.startsWith('#')) return sendHttp(request, options, secrets);
  const lookup: HttpRequest = {
    method: 'GET',
    url: `${config.homeserver.replace(/\/+$/, '')}/_matrix/client/v3/directory/room/${encodeURIComponent(config.room_id)}`,
    headers: { authorization: `Bearer ${config.access_token}` },
    body: '',
  };
  const started = Date.now();
  const { outcome, answer } = await requestHttp(lookup, options, secrets);
  if (!outcome.ok) return { ...outcome, error: `${outcome.error} (resolving room alias ${config.room_id})` };
  const roomId = roomIdFrom(answer?.body);
  if (!roomId) return { ok: false, permanent: true, error: `${options.channel}: the homeserver named no room for alias ${config.room_id}` };
  const url = request.url.replace(`/rooms/${encodeURIComponent(config.room_id)}/`, `/rooms/${encodeURIComponent(roomId)}/`);
  // One deadline for the attempt, lookup included.
  const timeoutMs = Math.max(1, options.timeoutMs - (Date.now() - started));
  return sendHttp({ ...request, url }, { ...options, timeoutMs }, secrets);
}

function roomIdFrom(body: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body ?? '') as { room_id?: unknown };
    return typeof parsed.room_id === 'string' && parsed.room_id.startsWith('!') ? parsed.room_id : undefined;
  } catch {
    return undefined;
  }
}
