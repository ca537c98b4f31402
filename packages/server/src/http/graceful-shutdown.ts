import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (new ones on
 * kept-alive sockets get 503), then close storage and exit 0. Gives up after `timeoutMs`.
 */
export function installGracefulShutdown(app: FastifyInstance, closeStorage: () => Promise<void>, logger: Logger, timeoutMs: number): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting with requests still open');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    try {
      await app.close();
      await closeStorage();
      logger.info('shut down cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
