import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildApp, createDomainDeps } from '../../src/app.js';
import type { LazySchemaCompilers } from '../../src/http/lazy-schema-compilers.js';
import { seedDemoDirectory } from '../../src/seed/demo-directory.js';
import type { Config, DatabaseConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Dialect } from '../../src/db/create-db.js';
import { createLogger } from '../../src/http/logger.js';
import { startRuntime, type Runtime, type RuntimeSources } from '../../src/runtime.js';
import type { TypedApp } from '../../src/http/types.js';
import { cheapHashing } from './child-server.js';
import { freshDatabase } from './dialects.js';

export async function tempDir(prefix = 'tijori-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface TestApp {
  app: TypedApp;
  runtime: Runtime;
  config: Readonly<Config>;
  /** Every HTTP response body the app sent, with its URL (for leak scans). */
  bodies: { url: string; body: string }[];
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A complete server on a fresh database of the given dialect and a fresh data folder,
 * with a real (random) master key; logs are captured for assertions.
 */
export async function startTestApp(
  dialect: Dialect,
  /** `clock`, `ids`, `random`, `issuerFetch`: used instead of the system's. */
  options: RuntimeSources & {
    env?: Record<string, string>;
    database?: (db: DatabaseConfig) => DatabaseConfig;
    /** Extra routes for exercising shared behaviour (error handling, limits). */
    routes?: (app: TypedApp) => void;
    /** The routes' schema compilers, to compile every one of them (`compileAll()`). */
    schemaCompilers?: LazySchemaCompilers;
  } = {},
): Promise<TestApp> {
  const dataDir = await tempDir();
  const database = await freshDatabase(dialect, dataDir);
  const base = loadConfig(
    {
      NODE_ENV: 'test',
      ...cheapHashing(options.env ?? {}),
      TIJORI_DATA_DIR: dataDir,
      TIJORI_MASTER_KEY: randomBytes(32).toString('base64'),
      ...options.env,
    },
    dataDir,
  );
  const config: Readonly<Config> = Object.freeze({ ...base, database: options.database ? options.database(database.config) : database.config });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = createLogger('debug', sink);
  const { clock, ids, random, issuerFetch } = options;
  const runtime = await startRuntime(config, logger, { clock, ids, random, issuerFetch });
  const app = await buildApp(runtime, options.schemaCompilers ? { schemaCompilers: options.schemaCompilers } : {});
  const bodies: { url: string; body: string }[] = [];
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload === 'string') bodies.push({ url: req.url, body: payload });
    // JSON sent as bytes encoded once (the operator statistics) is scanned too.
    else if (Buffer.isBuffer(payload) && String(reply.getHeader('content-type') ?? '').includes('json'))
      bodies.push({ url: req.url, body: payload.toString('utf8') });
    return payload;
  });
  options.routes?.(app);
  await app.ready();
  if (config.seedDemo) await seedDemoDirectory(createDomainDeps(runtime));
  return {
    app,
    bodies,
    runtime,
    config,
    logs,
    async close() {
      await app.close();
      await runtime.close();
      await database.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
