/**
 * The routes registered outside the route table (sign-in, people, tokens, audit: they predate it
 * and validate their own bodies), described for the OpenAPI document. A route missing here is
 * listed with a summary saying so, and a test fails until it is described.
 */
export interface OtherRouteDoc {
  summary: string;
  tag: string;
  /** open: no sign-in; read/write/admin as for table routes. */
  access: 'open' | 'read' | 'write' | 'admin';
}

/** The document and its reader: they describe the API and hold no data, so they need no sign-in. */
export const DOCUMENT_ROUTES = ['GET /api/v1/openapi.json', 'GET /api/docs'] as const;

export const OTHER_ROUTES: Record<string, OtherRouteDoc> = {
  'GET /api/v1/openapi.json': { summary: 'This OpenAPI 3.1 document', tag: 'meta', access: 'open' },
  'GET /api/docs': { summary: 'A readable reference of this document (HTML)', tag: 'meta', access: 'open' },
  'POST /api/v1/login': {
    summary: 'Sign in with email, password and (when enrolled) a TOTP code; sets the session cookie and returns the CSRF token',
    tag: 'session',
    access: 'open',
  },
  'POST /api/v1/logout': { summary: 'Sign out: ends the session of the cookie', tag: 'session', access: 'open' },
  'GET /api/v1/session': {
    summary: 'Who is signed in, their role, and the CSRF token to send as X-CSRF-Token with cookie-authenticated changes',
    tag: 'session',
    access: 'read',
  },
  'GET /api/v1/setup': { summary: 'Whether first-run setup is still open (no user exists yet)', tag: 'session', access: 'open' },
  'POST /api/v1/setup': { summary: 'Create the first admin with the one-time setup token printed at start', tag: 'session', access: 'open' },
  'GET /api/v1/users': { summary: 'Every person who can sign in, with role and second-factor status', tag: 'users', access: 'admin' },
  'POST /api/v1/users': { summary: 'Add a person (email, role, password)', tag: 'users', access: 'admin' },
  'PATCH /api/v1/users/:id': { summary: "Change a person's role, password or probe_internal grant", tag: 'users', access: 'admin' },
  'DELETE /api/v1/users/:id': { summary: 'Remove a person; their sessions and tokens end', tag: 'users', access: 'admin' },
  'DELETE /api/v1/users/:id/totp': { summary: "Reset a person's lost second factor", tag: 'users', access: 'admin' },
  'POST /api/v1/me/totp': { summary: 'Start enrolling a TOTP second factor: returns the key and its otpauth:// URI', tag: 'me', access: 'read' },
  'POST /api/v1/me/totp/confirm': { summary: 'Confirm TOTP enrolment with a current code', tag: 'me', access: 'read' },
  'DELETE /api/v1/me/totp': { summary: 'Turn off your TOTP second factor (needs a current code)', tag: 'me', access: 'read' },
  'POST /api/v1/me/password': { summary: 'Change your password (needs the current one)', tag: 'me', access: 'read' },
  'GET /api/v1/audit': { summary: 'The audit log, newest first, in pages (admins and editors)', tag: 'audit', access: 'read' },
  'GET /api/v1/tokens': { summary: "Your API tokens (admins: ?all=1 for everyone's); never their secrets", tag: 'tokens', access: 'read' },
  'POST /api/v1/tokens': { summary: 'Create an API token; its secret is in this response only', tag: 'tokens', access: 'read' },
  'POST /api/v1/tokens/:id/revoke': { summary: 'Revoke an API token', tag: 'tokens', access: 'read' },
};
