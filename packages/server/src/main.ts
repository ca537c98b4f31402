import { buildApp, createDomainDeps } from './app.js';
import { DEMO_OPERATOR, seedDemoDirectory } from './seed/demo-directory.js';
import { ConfigError } from './config/config.js';
import { loadConfig } from './config/load-config.js';
import { installGracefulShutdown } from './http/graceful-shutdown.js';
import { createLogger } from './http/logger.js';
import { startRuntime } from './runtime.js';
import { purgeExpired } from './domain/maintenance/purge-expired.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee "Configuration" in README.md for every variable.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const runtime = await startRuntime(config, logger);
  const app = await buildApp(runtime);
  if (config.seedDemo && (await seedDemoDirectory(createDomainDeps(runtime)))) {
    logger.warn(`DEMO DATA seeded: demo issuers, records for the Aadhaar sandbox residents, console user "${DEMO_OPERATOR.username}" (password "${DEMO_OPERATOR.password}")`);
  }
  const housekeeping = setInterval(() => {
    purgeExpired({ db: runtime.db.kysely, clock: runtime.clock }).then(
      (purged) => logger.debug({ purged }, 'housekeeping done'),
      (err: unknown) => logger.warn({ err }, 'housekeeping failed; will try again'),
    );
  }, 10 * 60 * 1000);
  housekeeping.unref();
  installGracefulShutdown(app, async () => {
    clearInterval(housekeeping);
    await runtime.close();
  }, logger, config.shutdownTimeoutMs);
  await app.listen({ host: config.host, port: config.port });
  logger.info(`Tijori is serving ${config.publicUrl} (API docs at ${config.publicUrl}/docs)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`Tijori could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
