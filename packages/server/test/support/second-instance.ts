import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/http/logger.js';
import type { TypedApp } from '../../src/http/types.js';
import { startRuntime } from '../../src/runtime.js';
import type { TestApp } from './test-app.js';

export interface SecondInstance {
  app: TypedApp;
  close(): Promise<void>;
}

/** Another server instance on `t`'s database (as a second process behind a load balancer). */
export async function startSecondInstance(t: TestApp): Promise<SecondInstance> {
  const runtime = await startRuntime(t.config, createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() })));
  const app = await buildApp(runtime);
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
