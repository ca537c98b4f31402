import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/http/logger.js';
import { startRuntime } from '../src/runtime.js';

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '../openapi.json');

/** The OpenAPI document as the code describes it today, serialised exactly as checked in. */
export async function renderOpenApi(onRoute?: (route: RouteOptions) => void): Promise<string> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-openapi-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', TIJORI_DATA_DIR: dataDir, TIJORI_MASTER_KEY: randomBytes(32).toString('base64') }, dataDir);
    const runtime = await startRuntime(config, createLogger('silent'));
    const app = await buildApp(runtime, onRoute ? { onRoute } : {});
    await app.ready();
    const doc = app.swagger();
    await app.close();
    await runtime.close();
    return JSON.stringify(doc, null, 2) + '\n';
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
