import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { CONFIG_VARIABLES } from '../../src/config/variables.js';
import { secretHasher } from '../../src/crypto/secrets.js';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from '../../src/config/configuration-doc.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/tijori');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to SQLite and local blobs under ./data, port 3000, a generated development key', () => {
    const c = loadConfig({}, '/srv/tijori');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/tijori/data');
    expect(c.database).toEqual({ kind: 'sqlite', file: '/srv/tijori/data/tijori.db' });
    expect(c.blobStore).toEqual({ kind: 'file', dir: '/srv/tijori/data/blobs' });
    expect(c.masterKey).toEqual({ kind: 'generated', path: '/srv/tijori/data/master.key' });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads ISSUER_ENDPOINT_ALLOWLIST set but empty as no hosts, not as the development default', () => {
    expect(loadConfig({}, '/srv/tijori').issuerEndpointAllowList).toEqual(['127.0.0.1', 'localhost']);
    expect(loadConfig({ ISSUER_ENDPOINT_ALLOWLIST: '' }, '/srv/tijori').issuerEndpointAllowList).toEqual([]);
    expect(loadConfig({ ISSUER_ENDPOINT_ALLOWLIST: ' , ' }, '/srv/tijori').issuerEndpointAllowList).toEqual([]);
    expect(loadConfig({ ISSUER_ENDPOINT_ALLOWLIST: 'records.example.in, 10.0.0.0/8' }, '/srv/tijori').issuerEndpointAllowList).toEqual([
      'records.example.in',
      '10.0.0.0/8',
    ]);
  });

  it('still reads the deprecated ISSUER_REPOSITORY_* names, unless the new names are set', () => {
    const old = loadConfig({ ISSUER_REPOSITORY_ALLOWLIST: 'records.example.in', ISSUER_REPOSITORY_TIMEOUT_MS: '2000' }, '/srv/tijori');
    expect([old.issuerEndpointAllowList, old.issuerEndpointTimeoutMs]).toEqual([['records.example.in'], 2000]);
    expect(loadConfig({ ISSUER_REPOSITORY_ALLOWLIST: '' }, '/srv/tijori').issuerEndpointAllowList).toEqual([]);
    const both = loadConfig(
      {
        ISSUER_REPOSITORY_ALLOWLIST: 'old.example.in',
        ISSUER_ENDPOINT_ALLOWLIST: 'new.example.in',
        ISSUER_REPOSITORY_TIMEOUT_MS: '2000',
        ISSUER_ENDPOINT_TIMEOUT_MS: '3000',
      },
      '/srv/tijori',
    );
    expect([both.issuerEndpointAllowList, both.issuerEndpointTimeoutMs]).toEqual([['new.example.in'], 3000]);
    expect(problemsOf({ ISSUER_REPOSITORY_TIMEOUT_MS: 'soon' })).toEqual([expect.stringContaining('ISSUER_ENDPOINT_TIMEOUT_MS is "soon"')]);
  });

  it('honours PORT and TIJORI_DATA_DIR', () => {
    const c = loadConfig({ PORT: '8080', TIJORI_DATA_DIR: 'var/lib' }, '/srv/tijori');
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ kind: 'sqlite', file: '/srv/tijori/var/lib/tijori.db' });
    expect(c.publicUrl).toBe('http://localhost:8080');
  });

  it('runs one server process unless TIJORI_WORKERS says more (auto: one per core)', () => {
    expect(loadConfig({}, '/srv/tijori').workers).toBe(1);
    expect(loadConfig({ TIJORI_WORKERS: '4' }, '/srv/tijori').workers).toBe(4);
    expect(loadConfig({ TIJORI_WORKERS: 'auto' }, '/srv/tijori').workers).toBeGreaterThanOrEqual(1);
    expect(problemsOf({ TIJORI_WORKERS: '0' })).toEqual([expect.stringContaining('TIJORI_WORKERS is "0"')]);
    expect(problemsOf({ TIJORI_WORKERS: 'many' })).toEqual([expect.stringContaining('whole number from 1 to 64')]);
  });

  it('switches backends by URL', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgres://app:pw@db.internal:5432/tijori',
        DATABASE_POOL_MAX: '20',
        BLOB_STORE_URL: 's3://tijori-docs/prod/blobs/',
        S3_ENDPOINT: 'http://minio:9000',
        S3_FORCE_PATH_STYLE: 'true',
      },
      '/srv',
    );
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://app:pw@db.internal:5432/tijori', poolMax: 20 });
    expect(c.blobStore).toEqual({
      kind: 's3',
      bucket: 'tijori-docs',
      prefix: 'prod/blobs/',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      forcePathStyle: true,
    });
  });

  it('accepts sqlite: URLs with relative and absolute paths', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:./x.db' }, '/srv').database).toEqual({ kind: 'sqlite', file: '/srv/x.db' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:///var/t.db' }, '/srv').database).toEqual({ kind: 'sqlite', file: '/var/t.db' });
  });

  it('reports every problem at once, each naming its variable and the fix', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root@localhost/x',
      BLOB_STORE_URL: 'ftp://files',
      LOG_LEVEL: 'loud',
      TIJORI_MASTER_KEY: 'too-short',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'DATABASE_URL', 'BLOB_STORE_URL', 'LOG_LEVEL', 'TIJORI_MASTER_KEY']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(problems.find((p) => p.startsWith('TIJORI_MASTER_KEY'))).toContain('openssl rand -base64 32');
  });

  it('never repeats a database password in a problem', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(problem).toContain('root:***@');
    expect(problem).not.toContain('hunter2');
  });

  it('refuses to generate a master key in production unless dev adapters are allowed', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toContain('TIJORI_MASTER_KEY');
    expect(problemsOf({ NODE_ENV: 'production', TIJORI_ALLOW_DEV_ADAPTERS: 'true' })).toEqual([]);
  });

  it('refuses development stand-ins in production, naming each, unless explicitly allowed', () => {
    const outbox = problemsOf({ NODE_ENV: 'production', TIJORI_MASTER_KEY: KEY });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toContain('SMS outbox');
    expect(outbox[0]).toContain('Aadhaar sandbox');
    const gateway = problemsOf({ NODE_ENV: 'production', TIJORI_MASTER_KEY: KEY, SMS_GATEWAY_URL: 'https://sms.example.in/send' });
    expect(gateway[0]).not.toContain('SMS outbox');
    const allowed = loadConfig({ NODE_ENV: 'production', TIJORI_MASTER_KEY: KEY, TIJORI_ALLOW_DEV_ADAPTERS: 'true' }, '/srv');
    // Even then, the developer outbox and sandbox listing do not exist in production mode.
    expect(allowed.devTools).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }, '/srv').devTools).toBe(true);
  });

  it('configures an SMS gateway and session limits', () => {
    const c = loadConfig(
      { SMS_GATEWAY_URL: 'https://sms.example.in/send', SMS_GATEWAY_AUTHORIZATION: 'Bearer k', SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_HOURS: '2' },
      '/srv',
    );
    expect(c.sms).toEqual({
      kind: 'http',
      url: 'https://sms.example.in/send',
      authorization: 'Bearer k',
      bodyTemplate: '{"to":"{{to}}","message":"{{message}}"}',
    });
    expect(c.session).toEqual({ idleMs: 5 * 60_000, absoluteMs: 2 * 3_600_000 });
    expect(problemsOf({ SMS_GATEWAY_URL: 'https://x', SMS_GATEWAY_BODY_TEMPLATE: '{"msg":"{{message}}"}' })[0]).toContain('{{to}}');
  });

  it('hashes PINs and passwords at scrypt N = 2^14 unless told otherwise, and never below it in production', async () => {
    expect(loadConfig({}, '/srv').secretHashCost).toBe(14);
    expect(loadConfig({ TIJORI_SECRET_HASH_COST: '10' }, '/srv').secretHashCost).toBe(10);
    const weak = problemsOf({ NODE_ENV: 'production', TIJORI_MASTER_KEY: KEY, TIJORI_ALLOW_DEV_ADAPTERS: 'true', TIJORI_SECRET_HASH_COST: '12' });
    expect(weak.join('\n')).toContain('TIJORI_SECRET_HASH_COST=12 is refused in production');
    expect(problemsOf({ TIJORI_SECRET_HASH_COST: '9' }).join('\n')).toContain('from 10 to 20');
    // The cost is stored with each hash: one made at 14 still verifies where new ones are made at 10.
    const strong = await secretHasher(14).hash('482916');
    expect(strong.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await secretHasher(10).verify('482916', strong)).toBe(true);
    expect(await secretHasher(10).verify('482917', strong)).toBe(false);
  });

  it('rejects both master key sources at once', () => {
    expect(problemsOf({ TIJORI_MASTER_KEY: KEY, TIJORI_MASTER_KEY_FILE: '/k' }).join()).toContain('keep one');
  });
});

describe('configuration documentation', () => {
  const srcDir = path.resolve(import.meta.dirname, '../../src');
  const repoRoot = path.resolve(import.meta.dirname, '../../../..');

  it('docs/configuration.md is the page rendered from every variable Tijori knows (npm run docs)', () => {
    const page = fs.readFileSync(path.join(repoRoot, CONFIGURATION_DOC_PATH), 'utf8');
    expect(page).toBe(renderConfigurationDoc());
    const missing = CONFIG_VARIABLES.map((v) => v.name).filter((n) => !page.includes(`| \`${n}\` |`));
    expect(missing).toEqual([]);
  });

  it('knows every variable the configuration loader reads', () => {
    const loader = fs.readFileSync(path.join(srcDir, 'config/load-config.ts'), 'utf8');
    const read = new Set([...loader.matchAll(/(?:get|int|bool)\('([A-Z0-9_]+)'/g)].map((m) => m[1]));
    const documented = new Set(CONFIG_VARIABLES.map((v) => v.name));
    expect([...read].filter((n) => !documented.has(n!))).toEqual([]);
    expect(read.size).toBeGreaterThan(10);
  });
});
