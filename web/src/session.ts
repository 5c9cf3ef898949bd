/** Who is signed in, read from /api/v1/session; the CSRF token it carries goes on every write. */
import { ApiError, get, post, setCsrf } from './api.js';
import { session } from './store.js';
import type { User } from './types.js';

interface SessionAnswer {
  user: User | null;
  csrf: string | null;
}

export async function loadSession(): Promise<void> {
  try {
    const answer = await get<SessionAnswer>('/api/v1/session');
    setCsrf(answer.csrf ?? undefined);
    session.set({ loaded: true, user: answer.user, setupRequired: false });
  } catch (error) {
    // 401 means nobody is signed in; anything else (unreachable) is shown by the connection banner.
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    setCsrf(undefined);
    const setup = await get<{ needed: boolean }>('/api/v1/setup').catch(() => ({ needed: false }));
    session.set({ loaded: true, user: null, setupRequired: setup.needed });
  }
}

/** Returns the notices of attempts on the account since the last sign-in, which the server tells once. */
export async function signIn(email: string, password: string, totp?: string): Promise<string[]> {
  const answer = await post<{ notices?: Array<{ message: string }> }>('/api/v1/login', totp ? { email, password, totp } : { email, password });
  await loadSession();
  return (answer.notices ?? []).map((n) => n.message);
}

/** The first admin, from the one-time token in the setup link; the answer signs them in. */
export async function setUp(token: string, email: string, password: string): Promise<void> {
  await post('/api/v1/setup', { token, email, password });
  await loadSession();
}

export async function signOut(): Promise<void> {
  await post('/api/v1/logout').catch(() => undefined);
  setCsrf(undefined);
  session.set({ loaded: true, user: null, setupRequired: false });
}

export const canWrite = (user: User | null) => user?.role === 'editor' || user?.role === 'admin';
