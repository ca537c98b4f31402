import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDomainDeps } from '../app.js';
import { ConfigError } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { createStaffUser } from '../domain/staff/staff-accounts.js';
import { createLogger } from '../http/logger.js';
import { startRuntime } from '../runtime.js';

/**
 * Bootstraps a platform operator on the configured database (the first one, or another):
 *   node packages/server/dist/cli/create-operator.js --username ops.admin --name "Ops admin"
 * Prints a generated password once; nothing else ever shows it.
 */
try {
  const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' } } });
  if (!values.username || !/^[a-z][a-z0-9._-]{2,63}$/.test(values.username)) {
    throw new Error('give --username (3–64 characters: lower-case letters, digits, . _ -, starting with a letter)');
  }
  const config = loadConfig();
  const runtime = await startRuntime(config, createLogger('warn'));
  try {
    const password = randomBytes(18).toString('base64url');
    await createStaffUser(
      createDomainDeps(runtime),
      { kind: 'host', command: 'create-operator' },
      { username: values.username, password, name: values.name ?? values.username, role: 'operator' },
    );
    process.stdout.write(`operator ${values.username} created; password (shown once): ${password}\n`);
  } finally {
    await runtime.close();
  }
} catch (err) {
  process.stderr.write(`create-operator: ${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
  process.exit(1);
}
