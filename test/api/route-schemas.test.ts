/**
 * tocsin validates bodies, queries and params with zod (src/schema) and never compiles Fastify's JSON
 * schemas: Fastify's default compilers (ajv, fast-json-stringify) would cost every engine their code
 * whether a route used them or not. A route declared with a Fastify schema is refused when the app is
 * made ready, with a message that says where validation belongs, rather than running unvalidated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { silentLogger } from '../../src/lib/logger.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close().catch(() => undefined);
  app = undefined;
});

const build = () => buildApp({ logger: silentLogger(), health: () => ({ healthy: true, checks: [] }) });

describe('Fastify route schemas', () => {
  it('a route without one answers as usual', async () => {
    app = build();
    app.post('/echo', async (request) => ({ got: request.body }));
    const reply = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ got: { a: 1 } });
  });

  it('a body schema is refused at startup, naming zod', async () => {
    app = build();
    app.post('/typed', { schema: { body: { type: 'object', required: ['a'] } } }, async () => ({ ok: true }));
    await expect(app.ready()).rejects.toThrow(/POST \/typed.*zod/);
  });

  it('a response schema is refused at startup, naming zod', async () => {
    app = build();
    app.get('/typed', { schema: { response: { 200: { type: 'object' } } } }, async () => ({ ok: true }));
    await expect(app.ready()).rejects.toThrow(/GET \/typed.*zod/);
  });
});
