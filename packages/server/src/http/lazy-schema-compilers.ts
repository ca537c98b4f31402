import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;

export interface LazySchemaCompilers {
  compilersFactory: { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory };
  /** Compiles every validator and serializer not compiled yet; throws the first schema error. */
  compileAll(): void;
  /** How many route functions are not compiled yet. */
  waiting(): number;
}

/**
 * Fastify's own compilers (Ajv for requests, fast-json-stringify for answers), each route's
 * function compiled on its first use instead of at start. Compiling all of them took about a
 * third of a server's start (≈2 s of CPU of ≈6 on this machine) and again in every test app,
 * though a process answers a handful of routes in its first seconds and a test file fewer.
 * A route's first request pays for its own schemas (milliseconds). `compileAll()` lets a test
 * (and an operator's check) find a broken schema without sending a request to every route.
 */
export function lazySchemaCompilers(): LazySchemaCompilers {
  const buildAjv = AjvCompiler();
  const buildStringify = SerializerSelector();
  const notCompiled = new Set<() => unknown>();

  function later<F extends (...args: never[]) => unknown>(compile: () => F): () => F {
    let compiled: F | undefined;
    const ensure = (): F => {
      if (!compiled) {
        compiled = compile();
        notCompiled.delete(ensure);
      }
      return compiled;
    };
    notCompiled.add(ensure);
    return ensure;
  }

  const buildValidator = ((externalSchemas: unknown, options: unknown) => {
    const compile = (buildAjv as (e: unknown, o: unknown) => (route: unknown) => (...a: unknown[]) => unknown)(externalSchemas, options);
    return (route: unknown) => {
      const ensure = later(() => compile(route) as ((...a: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown });
      const validate = (data: unknown, dataCtx?: unknown) => ensure()(data, dataCtx);
      // Fastify reads `errors` after a failed call, and passes the parent (so Ajv may coerce a
      // root value) only to a function with `schemaEnv`: both forwarded from the compiled one.
      Object.defineProperty(validate, 'errors', { get: () => ensure().errors });
      Object.defineProperty(validate, 'schemaEnv', { get: () => ensure().schemaEnv });
      return validate;
    };
  }) as unknown as ValidatorFactory;

  const buildSerializer = ((externalSchemas: unknown, options: unknown) => {
    const compile = (buildStringify as (e: unknown, o: unknown) => (route: unknown) => (data: unknown) => string)(externalSchemas, options);
    return (route: unknown) => {
      const ensure = later(() => compile(route));
      return (data: unknown) => ensure()(data);
    };
  }) as unknown as SerializerFactory;

  return {
    compilersFactory: { buildValidator, buildSerializer },
    compileAll() {
      for (const ensure of [...notCompiled]) ensure();
    },
    waiting: () => notCompiled.size,
  };
}
