/**
 * The one door to the tocsin API. Every call goes through `api()` so that CSRF, sign-out on 401
 * and "server unreachable" are handled once, and views only see data or an ApiError that says why.
 */
import { connection, session } from './store.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly expected?: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
export function setCsrf(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    connection.set({ online: false, since: connection.get().since ?? Date.now() });
    throw new ApiError('tocsin server unreachable — retrying', 0);
  }
  if (!connection.get().online) connection.set({ online: true, since: undefined });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return data as T;
  if (res.status === 401 && !path.startsWith('/api/v1/login') && !path.startsWith('/api/v1/session')) session.set({ ...session.get(), user: null });
  const message = typeof data.error === 'string' ? data.error : `${method} ${path} failed with HTTP ${res.status}`;
  throw new ApiError(message, res.status, data.field as string | undefined, data.expected as string | undefined);
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** Query string from the set values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
