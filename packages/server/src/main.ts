import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { buildApp, createDomainDeps } from './app.js';
import { DEMO_OPERATOR, seedDemoDirectory } from './seed/demo-directory.js';
import { ConfigError, type Config } from './config/config.js';
import { loadConfig } from './config/load-config.js';
import { installGracefulShutdown } from './http/graceful-shutdown.js';
import { createLogger } from './http/logger.js';
import { startRuntime } from './runtime.js';
import { purgeExpired } from './domain/maintenance/purge-expired.js';
import { joinClusterMetrics, leadClusterMetrics, startMetricsServer } from './metrics/metrics-endpoint.js';
import { registry } from './metrics/metrics.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee docs/configuration.md for every variable.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, logger);
  if (cluster.isWorker) joinClusterMetrics();
  const runtime = await startRuntime(config, logger);
  const app = await buildApp(runtime);
  if (cluster.isPrimary) await seedOnce(config, runtime, logger);
  const housekeeping = setInterval(
    () => {
      purgeExpired({ db: runtime.db.kysely, clock: runtime.clock }).then(
        (purged) => logger.debug({ purged }, 'housekeeping done'),
        (err: unknown) => logger.warn({ err }, 'housekeeping failed; will try again'),
      );
    },
    10 * 60 * 1000,
  );
  housekeeping.unref();
  const metricsServer = cluster.isPrimary && config.metrics.port !== undefined ? await startMetricsServer(config.metrics, () => registry.metrics()) : undefined;
  if (metricsServer) logger.info(`metrics for Prometheus at ${metricsServer.url}`);
  installGracefulShutdown(
    app,
    async () => {
      clearInterval(housekeeping);
      await metricsServer?.close();
      await runtime.close();
    },
    logger,
    config.shutdownTimeoutMs,
  );
  await app.listen({ host: config.host, port: config.port });
  if (cluster.isPrimary) logger.info(`Tijori is serving ${config.publicUrl} (API docs at ${config.publicUrl}/docs)`);
}

async function seedOnce(config: Config, runtime: Awaited<ReturnType<typeof startRuntime>>, logger: Logger): Promise<void> {
  if (config.seedDemo && (await seedDemoDirectory(createDomainDeps(runtime)))) {
    logger.warn(
      `DEMO DATA seeded: demo issuers, records for the Aadhaar sandbox residents, console user "${DEMO_OPERATOR.username}" (password "${DEMO_OPERATOR.password}"; its second-factor code is shown at ${config.publicUrl}/dev/outbox)`,
    );
  }
}

/**
 * TIJORI_WORKERS > 1: this process prepares storage once (master key, migrations, demo data),
 * then runs that many server processes sharing the port, restarts one that dies, and passes
 * SIGTERM/SIGINT on so each drains its requests. A worker that dies before it ever served
 * means something is wrong with the set-up: then it stops instead of restarting forever.
 */
async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const runtime = await startRuntime(config, logger);
  try {
    await seedOnce(config, runtime, logger);
  } finally {
    await runtime.close();
  }
  const mergedMetrics = leadClusterMetrics();
  if (config.metrics.port !== undefined) {
    const metricsServer = await startMetricsServer(config.metrics, mergedMetrics);
    logger.info(`metrics for Prometheus at ${metricsServer.url} (merged across ${config.workers} worker processes)`);
  }
  let stopping = false;
  let failed = false;
  const served = new Set<number>();
  cluster.on('listening', (worker) => {
    served.add(worker.id);
    if (served.size === config.workers)
      logger.info(`Tijori is serving ${config.publicUrl} with ${config.workers} worker processes (API docs at ${config.publicUrl}/docs)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    const left = Object.keys(cluster.workers ?? {}).length;
    if (!stopping && !served.has(worker.id)) {
      logger.fatal({ pid: worker.process.pid, code, signal }, 'a worker stopped before it could serve; stopping');
      stopping = true;
      failed = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    }
    if (stopping) {
      if (left === 0) process.exit(failed ? 1 : 0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'a worker died; starting another');
    setTimeout(() => cluster.fork(), 1_000);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down the workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < config.workers; i++) cluster.fork();
}

main().catch((err: unknown) => {
  process.stderr.write(`Tijori could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
