/**
 * The routes registered outside the route table (sign-in, people, tokens, audit: they predate it
 * and validate their own bodies), described for the OpenAPI document with the same zod schemas
 * they parse with and those of their answers. A route missing here is listed with a summary
 * saying so, and a test fails until it is described.
 */
import type { z } from 'zod';
import {
  auditResponse,
  loginResponse,
  passwordChangedResponse,
  sessionResponse,
  setupResponse,
  setupStateResponse,
  tokenCreatedResponse,
  tokenListResponse,
  tokenResponse,
  totpEnrolResponse,
  totpResponse,
  userListResponse,
  userResponse,
} from '../../schema/api-session.js';
import { AuditQuery } from '../auth/audit-routes.js';
import { CodeBody, DisableBody, EnrolBody, PasswordBody } from '../auth/me-routes.js';
import { LoginBody, SetupBody } from '../auth/session-routes.js';
import { CreateTokenBody, ListTokensQuery } from '../auth/token-routes.js';
import { ChangeUserBody, CreateUserBody } from '../auth/user-routes.js';
import { AGENT_ROUTE_DOCS } from '../agent-routes.js';
import { answers, type ResponseDoc } from './route.js';

export interface OtherRouteDoc {
  summary: string;
  tag: string;
  /** open: no sign-in; read/write/admin as for table routes; agent: a probe agent's token (/agent/v1/…). */
  access: 'open' | 'read' | 'write' | 'admin' | 'agent';
  body?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, ResponseDoc>;
}

/** The document and its reader: they describe the API and hold no data, so they need no sign-in. */
export const DOCUMENT_ROUTES = ['GET /api/v1/openapi.json', 'GET /api/docs'] as const;

const person = 'An API token: sign in with a password for this';
const throttled = 'Too many wrong passwords or codes: wait as the message says';

export const OTHER_ROUTES: Record<string, OtherRouteDoc> = {
  ...AGENT_ROUTE_DOCS,
  'GET /api/v1/openapi.json': { summary: 'This OpenAPI 3.1 document', tag: 'meta', access: 'open', responses: { 200: 'The document' } },
  'GET /api/docs': { summary: 'A readable reference of this document (HTML)', tag: 'meta', access: 'open', responses: { 200: 'An HTML page' } },
  'POST /api/v1/login': {
    summary: 'Sign in with email, password and (when enrolled) a TOTP code; sets the session cookie and returns the CSRF token',
    tag: 'session',
    access: 'open',
    body: LoginBody,
    responses: { 200: answers('Signed in; the session cookie is set', loginResponse), 401: 'Wrong email, password or code', 429: throttled },
  },
  'POST /api/v1/logout': { summary: 'Sign out: ends the session of the cookie', tag: 'session', access: 'open', responses: { 204: 'Signed out' } },
  'GET /api/v1/session': {
    summary: 'Who is signed in, their role, and the CSRF token to send as X-CSRF-Token with cookie-authenticated changes',
    tag: 'session',
    access: 'read',
    responses: { 200: answers('The caller', sessionResponse) },
  },
  'GET /api/v1/setup': {
    summary: 'Whether first-run setup is still open (no user exists yet)',
    tag: 'session',
    access: 'open',
    responses: { 200: answers('Whether setup is needed and how', setupStateResponse) },
  },
  'POST /api/v1/setup': {
    summary: 'Create the first admin with the one-time setup token printed at start',
    tag: 'session',
    access: 'open',
    body: SetupBody,
    responses: { 201: answers('The first admin, signed in', setupResponse), 403: 'Wrong or spent setup token', 409: 'Someone can sign in already' },
  },
  'GET /api/v1/users': {
    summary: 'Every person who can sign in, with role and second-factor status',
    tag: 'users',
    access: 'admin',
    responses: { 200: answers('The people', userListResponse), 403: 'Not an admin' },
  },
  'POST /api/v1/users': {
    summary: 'Add a person (email, role, password)',
    tag: 'users',
    access: 'admin',
    body: CreateUserBody,
    responses: { 201: answers('Added', userResponse), 403: 'Not an admin', 409: 'The email is taken' },
  },
  'PATCH /api/v1/users/:id': {
    summary: "Change a person's role, password or probe_internal grant",
    tag: 'users',
    access: 'admin',
    body: ChangeUserBody,
    responses: { 200: answers('Changed', userResponse), 403: 'Not an admin', 404: 'No such person' },
  },
  'DELETE /api/v1/users/:id': {
    summary: 'Remove a person; their sessions and tokens end',
    tag: 'users',
    access: 'admin',
    responses: { 204: 'Removed', 403: 'Not an admin', 404: 'No such person' },
  },
  'DELETE /api/v1/users/:id/totp': {
    summary: "Reset a person's lost second factor",
    tag: 'users',
    access: 'admin',
    responses: { 200: answers('Reset', userResponse), 403: 'Not an admin', 404: 'No such person' },
  },
  'POST /api/v1/me/totp': {
    summary: 'Start enrolling a TOTP second factor: returns the key and its otpauth:// URI',
    tag: 'me',
    access: 'read',
    body: EnrolBody,
    responses: { 200: answers('The new key, to confirm with a code', totpEnrolResponse), 403: person, 409: 'Already enrolled', 429: throttled },
  },
  'POST /api/v1/me/totp/confirm': {
    summary: 'Confirm TOTP enrolment with a current code',
    tag: 'me',
    access: 'read',
    body: CodeBody,
    responses: { 200: answers('On', totpResponse), 403: person, 409: 'Nothing to confirm', 429: throttled },
  },
  'DELETE /api/v1/me/totp': {
    summary: 'Turn off your TOTP second factor (needs a current code)',
    tag: 'me',
    access: 'read',
    body: DisableBody,
    responses: { 200: answers('Off', totpResponse), 403: person, 429: throttled },
  },
  'POST /api/v1/me/password': {
    summary: 'Change your password (needs the current one)',
    tag: 'me',
    access: 'read',
    body: PasswordBody,
    responses: { 200: answers('Changed; every session ends', passwordChangedResponse), 403: person, 429: throttled },
  },
  'GET /api/v1/audit': {
    summary: 'The audit log, newest first, in pages (admins and editors)',
    tag: 'audit',
    access: 'read',
    query: AuditQuery,
    responses: { 200: answers('A page of entries', auditResponse), 403: 'A viewer' },
  },
  'GET /api/v1/tokens': {
    summary: "Your API tokens (admins: ?all=true for everyone's); never their secrets",
    tag: 'tokens',
    access: 'read',
    query: ListTokensQuery,
    responses: { 200: answers('The tokens', tokenListResponse), 403: person },
  },
  'POST /api/v1/tokens': {
    summary: 'Create an API token; its secret is in this response only',
    tag: 'tokens',
    access: 'read',
    body: CreateTokenBody,
    responses: { 201: answers('Created; copy the secret now', tokenCreatedResponse), 403: person },
  },
  'POST /api/v1/tokens/:id/revoke': {
    summary: 'Revoke an API token',
    tag: 'tokens',
    access: 'read',
    responses: { 200: answers('Revoked', tokenResponse), 403: person, 404: 'No such token' },
  },
};
