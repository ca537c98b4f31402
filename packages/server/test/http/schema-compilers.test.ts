import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazySchemaCompilers, type LazySchemaCompilers } from '../../src/http/lazy-schema-compilers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('route schemas compiled on first use', () => {
  it('validates, coerces and serialises as Fastify does, compiling a route only when it is called', async () => {
    const schemas = lazySchemaCompilers();
    const app = Fastify({
      ajv: { customOptions: { allErrors: true, coerceTypes: 'array' } },
      schemaController: { compilersFactory: schemas.compilersFactory },
    });
    app.get(
      '/n',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { n: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } } },
            required: ['n'],
          },
          response: { 200: { type: 'object', properties: { doubled: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } } },
        },
      },
      async (req) => {
        const q = req.query as { n: number; tags?: string[] };
        return { doubled: q.n * 2, tags: q.tags ?? [], secret: 'not in the schema' };
      },
    );
    await app.ready();
    // The GET route's querystring validator and answer serializer, and those of its HEAD twin.
    expect(schemas.waiting()).toBe(4);

    const ok = await app.inject({ method: 'GET', url: '/n?n=21&tags=a' });
    expect(ok.statusCode).toBe(200);
    // Coerced from the query string (a root value Ajv changes through its parent), and only
    // what the response schema lists is sent.
    expect(ok.json()).toEqual({ doubled: 42, tags: ['a'] });
    expect(schemas.waiting()).toBe(2);

    const bad = await app.inject({ method: 'GET', url: '/n?n=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('querystring/n must be >= 1');
    const missing = await app.inject({ method: 'GET', url: '/n' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain("must have required property 'n'");
    await app.close();
  });

  it('starts with a broken schema but compileAll() finds it without a request', async () => {
    const schemas = lazySchemaCompilers();
    const app = Fastify({ schemaController: { compilersFactory: schemas.compilersFactory } });
    app.post('/broken', { schema: { body: { type: 'object', properties: { a: { type: 'no-such-type' } } } } }, async () => ({}));
    await app.ready();
    expect(() => schemas.compileAll()).toThrow(/no-such-type|type/);
    await app.close();
  });
});

describe("every one of Tijori's route schemas compiles", () => {
  let t: TestApp;
  const schemas: LazySchemaCompilers = lazySchemaCompilers();
  beforeAll(async () => {
    t = await startTestApp('sqlite', { schemaCompilers: schemas });
  });
  afterAll(async () => t?.close());

  it('compiles all validators and serializers', () => {
    // Hundreds of routes' request and response schemas wait until their first use…
    expect(schemas.waiting()).toBeGreaterThan(300);
    expect(() => schemas.compileAll()).not.toThrow();
    expect(schemas.waiting()).toBe(0);
  });
});
