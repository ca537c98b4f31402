import type { Logger } from 'pino';
import { clamdScanner } from '../../../adapters/antivirus/clamd-scanner.js';
import { eicarScanner } from '../../../adapters/antivirus/eicar-scanner.js';
import type { MalwareScanner } from '../../../adapters/antivirus/malware-scanner.js';
import { startDriveWorker } from '../../../domain/uploads/drive-worker.js';
import type { UploadDeps } from '../../../domain/uploads/upload-deps.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { registerEsignRoutes } from './esign.route.js';
import { registerFileRoutes } from './files.route.js';
import { registerFolderRoutes } from './folders.route.js';

/** The resident's drive: /api/v1/me/files and /api/v1/me/folders, and this process's housekeeping worker. */
export function registerDriveRoutes(app: TypedApp, context: RouteContext, logger: Logger, options: { scanner?: MalwareScanner } = {}): UploadDeps {
  const { uploads } = context.config;
  const scanner = options.scanner ?? (uploads.scannerUrl ? clamdScanner(uploads.scannerUrl) : eicarScanner());
  const deps: UploadDeps = { ...context.deps, uploads, scanner };
  let worker: ReturnType<typeof startDriveWorker> | undefined;
  app.addHook('onReady', async () => {
    worker = startDriveWorker(deps, logger);
  });
  app.addHook('onClose', async () => {
    await worker?.stop();
  });
  registerFileRoutes(app, context, deps);
  registerFolderRoutes(app, context, deps);
  registerEsignRoutes(app, context, deps);
  return deps;
}
