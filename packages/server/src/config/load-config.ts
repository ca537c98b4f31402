import os from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES } from './variables.js';
import { ConfigError, type Config, type BlobStoreConfig, type DatabaseConfig, type Environment, type LogLevel, type MasterKeyConfig } from './config.js';

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * A renamed variable's old name still works while the new one is unset (set, even empty, the
 * new one wins): installs keep running, and docs/configuration.md names it deprecated.
 */
function withRenamedVariables(env: Env): Env {
  const out = { ...env };
  for (const v of CONFIG_VARIABLES)
    if (v.deprecatedName && out[v.name] === undefined && env[v.deprecatedName] !== undefined) out[v.name] = env[v.deprecatedName];
  return out;
}

/**
 * The only reader of process.env. Parses everything, collects every problem, and either
 * returns a frozen Config or throws one ConfigError listing them all.
 */
export function loadConfig(given: Env = process.env, cwd: string = process.cwd()): Readonly<Config> {
  const problems: string[] = [];
  const env = withRenamedVariables(given);
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const envName = get('NODE_ENV') ?? 'development';
  let nodeEnv: Environment = 'development';
  if (envName === 'development' || envName === 'test' || envName === 'production') nodeEnv = envName;
  else problems.push(`NODE_ENV is "${envName}"; use development, test or production.`);

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} is "${raw}"; it must be a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return Number(raw);
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    problems.push(`${name} is "${raw}"; use true or false.`);
    return fallback;
  };

  const port = int('PORT', 3000, 0, 65535);
  const workersRaw = get('TIJORI_WORKERS');
  const workers = workersRaw?.toLowerCase() === 'auto' ? Math.max(1, os.availableParallelism()) : int('TIJORI_WORKERS', 1, 1, 64);
  const host = get('HOST') ?? '127.0.0.1';
  const dataDir = path.resolve(cwd, get('TIJORI_DATA_DIR') ?? 'data');

  let publicUrl = get('TIJORI_PUBLIC_URL') ?? `http://localhost:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    publicUrl = u.toString().replace(/\/$/, '');
  } catch {
    problems.push(`TIJORI_PUBLIC_URL is "${publicUrl}"; give an absolute http(s) URL such as https://locker.example.gov.in.`);
  }

  const database = parseDatabase(get('DATABASE_URL'), dataDir, cwd, int('DATABASE_POOL_MAX', 10, 1, 1000), get('DATABASE_SCHEMA'), problems);
  const blobStore = parseBlobStore(get('BLOB_STORE_URL'), dataDir, get, bool, problems);

  const allowDevAdapters = bool('TIJORI_ALLOW_DEV_ADAPTERS', false);
  const masterKey = parseMasterKey(get('TIJORI_MASTER_KEY'), get('TIJORI_MASTER_KEY_FILE'), dataDir, cwd, problems);
  if (masterKey.kind === 'generated' && nodeEnv === 'production' && !allowDevAdapters) {
    problems.push(
      'No master key is configured, and production mode does not generate one. Set TIJORI_MASTER_KEY (base64 of 32 random bytes: `openssl rand -base64 32`) or TIJORI_MASTER_KEY_FILE.',
    );
  }

  const logLevelRaw = get('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  let logLevel: LogLevel = 'info';
  if ((LOG_LEVELS as readonly string[]).includes(logLevelRaw)) logLevel = logLevelRaw as LogLevel;
  else problems.push(`LOG_LEVEL is "${logLevelRaw}"; use one of ${LOG_LEVELS.join(', ')}.`);

  const trustProxy = parseTrustProxy(get('TIJORI_TRUST_PROXY'), problems);

  const sms = parseSms(get, problems);
  const aadhaarRaw = get('AADHAAR_ADAPTER') ?? 'sandbox';
  if (aadhaarRaw !== 'sandbox')
    problems.push(`AADHAAR_ADAPTER is "${aadhaarRaw}"; the only adapter available is "sandbox" (a real UIDAI integration needs an AUA/KUA licence).`);
  const devStandIns = [...(sms.kind === 'outbox' ? ['the SMS outbox (set SMS_GATEWAY_URL)'] : []), 'the Aadhaar sandbox (AADHAAR_ADAPTER=sandbox)'];
  if (nodeEnv === 'production' && !allowDevAdapters) {
    problems.push(
      `Production mode refuses development stand-ins: ${devStandIns.join(', ')}. Configure real adapters, or set TIJORI_ALLOW_DEV_ADAPTERS=true for a staging server.`,
    );
  }
  if (nodeEnv === 'production' && get('TIJORI_SEED_DEMO') !== undefined && /^(true|1|yes)$/i.test(get('TIJORI_SEED_DEMO')!)) {
    problems.push('TIJORI_SEED_DEMO=true is refused in production mode: demo accounts have published passwords.');
  }
  const idleMinutes = int('SESSION_IDLE_MINUTES', 15, 1, 24 * 60);
  const absoluteHours = int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30);
  const secretHashCost = int('TIJORI_SECRET_HASH_COST', 14, 10, 20);
  if (nodeEnv === 'production' && secretHashCost < 14) {
    problems.push(`TIJORI_SECRET_HASH_COST=${secretHashCost} is refused in production mode: PINs and passwords need at least 14 (scrypt N = 16,384).`);
  }

  const config: Config = {
    env: nodeEnv,
    host,
    port,
    dataDir,
    publicUrl,
    database,
    blobStore,
    masterKey,
    allowDevAdapters,
    bodyLimitBytes: int('TIJORI_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustProxy,
    shutdownTimeoutMs: int('TIJORI_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    workers,
    logLevel,
    sms,
    aadhaarAdapter: 'sandbox',
    session: { idleMs: idleMinutes * 60_000, absoluteMs: absoluteHours * 3_600_000 },
    secretHashCost,
    devTools: nodeEnv !== 'production',
    // Set but empty means empty (no private host allowed), not the development default.
    issuerEndpointAllowList: (env.ISSUER_ENDPOINT_ALLOWLIST ?? (nodeEnv === 'production' ? '' : '127.0.0.1,localhost'))
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    issuerEndpointTimeoutMs: int('ISSUER_ENDPOINT_TIMEOUT_MS', 15_000, 100, 120_000),
    bulkLeaseMs: int('TIJORI_BULK_LEASE_SECONDS', 60, 1, 3600) * 1000,
    seedDemo: bool('TIJORI_SEED_DEMO', nodeEnv === 'development'),
    metrics: parseMetrics(get, int, host, port, problems),
    uploads: {
      maxBytes: int('TIJORI_UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      quotaBytes: int('TIJORI_UPLOAD_QUOTA_BYTES', 1024 * 1024 * 1024, 1024, 2 ** 50),
      maxPixels: int('TIJORI_UPLOAD_MAX_PIXELS', 50_000_000, 1, 1_000_000_000),
      scannerUrl: get('MALWARE_SCANNER_URL') ?? null,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function parseMetrics(
  get: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  host: string,
  port: number,
  problems: string[],
): Config['metrics'] {
  const metricsPort = get('TIJORI_METRICS_PORT') === undefined ? undefined : int('TIJORI_METRICS_PORT', 0, 0, 65535);
  const token = get('TIJORI_METRICS_TOKEN');
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port)
    problems.push(
      `TIJORI_METRICS_PORT is ${metricsPort}, the same as PORT; give the metrics listener a port of its own, or use TIJORI_METRICS_TOKEN to serve /metrics on the main port.`,
    );
  if (token !== undefined && !/^[A-Za-z0-9._~+/=-]{24,200}$/.test(token))
    problems.push('TIJORI_METRICS_TOKEN must be 24 to 200 letters, digits or ._~+/=- characters (e.g. `openssl rand -hex 24`).');
  return { host: get('TIJORI_METRICS_HOST') ?? host, ...(metricsPort !== undefined ? { port: metricsPort } : {}), ...(token ? { token } : {}) };
}

function parseDatabase(raw: string | undefined, dataDir: string, cwd: string, poolMax: number, schema: string | undefined, problems: string[]): DatabaseConfig {
  if (raw === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'tijori.db') };
  if (raw.startsWith('sqlite:')) {
    let file = raw.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2); // sqlite:///abs/path → /abs/path
    if (file === '') {
      problems.push('DATABASE_URL "sqlite:" names no file; write sqlite:./data/tijori.db or sqlite:///var/lib/tijori/tijori.db.');
      return { kind: 'sqlite', file: path.join(dataDir, 'tijori.db') };
    }
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      problems.push('DATABASE_URL looks like PostgreSQL but is not a valid URL; the form is postgres://user:password@host:5432/database.');
    }
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      problems.push(`DATABASE_SCHEMA is "${schema}"; use lower-case letters, digits and underscores (at most 63).`);
    }
    return { kind: 'postgres', url: raw, poolMax, ...(schema ? { schema } : {}) };
  }
  problems.push(`DATABASE_URL must start with sqlite: or postgres:// (got "${redactUrl(raw)}"). Leave it unset for the embedded SQLite default.`);
  return { kind: 'sqlite', file: path.join(dataDir, 'tijori.db') };
}

function parseBlobStore(
  raw: string | undefined,
  dataDir: string,
  get: (n: string) => string | undefined,
  bool: (n: string, f: boolean) => boolean,
  problems: string[],
): BlobStoreConfig {
  if (raw === undefined) return { kind: 'file', dir: path.join(dataDir, 'blobs') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`BLOB_STORE_URL "${raw}" is not a URL; use file:///absolute/path or s3://bucket/prefix.`);
    return { kind: 'file', dir: path.join(dataDir, 'blobs') };
  }
  if (url.protocol === 'file:') {
    return { kind: 'file', dir: decodeURIComponent(url.pathname) };
  }
  if (url.protocol === 's3:') {
    const bucket = url.hostname;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      problems.push(`BLOB_STORE_URL names the bucket "${bucket}", which is not a valid S3 bucket name.`);
    }
    const prefix = url.pathname.replace(/^\/+/, '').replace(/\/*$/, '');
    const endpoint = get('S3_ENDPOINT');
    if (endpoint !== undefined) {
      try {
        new URL(endpoint);
      } catch {
        problems.push(`S3_ENDPOINT "${endpoint}" is not a URL; write e.g. http://127.0.0.1:9000.`);
      }
    }
    return {
      kind: 's3',
      bucket,
      prefix: prefix === '' ? '' : `${prefix}/`,
      ...(endpoint ? { endpoint } : {}),
      region: get('S3_REGION') ?? 'us-east-1',
      forcePathStyle: bool('S3_FORCE_PATH_STYLE', false),
    };
  }
  problems.push(`BLOB_STORE_URL uses "${url.protocol}"; only file:// and s3:// are supported.`);
  return { kind: 'file', dir: path.join(dataDir, 'blobs') };
}

function parseMasterKey(value: string | undefined, file: string | undefined, dataDir: string, cwd: string, problems: string[]): MasterKeyConfig {
  if (value !== undefined && file !== undefined) {
    problems.push('Both TIJORI_MASTER_KEY and TIJORI_MASTER_KEY_FILE are set; keep one.');
  }
  if (value !== undefined) {
    if (Buffer.from(value, 'base64').length !== 32 || !/^[A-Za-z0-9+/]+=*$/.test(value)) {
      problems.push('TIJORI_MASTER_KEY must be base64 of exactly 32 bytes; make one with `openssl rand -base64 32`.');
    }
    return { kind: 'value', base64: value };
  }
  if (file !== undefined) return { kind: 'file', path: path.resolve(cwd, file) };
  return { kind: 'generated', path: path.join(dataDir, 'master.key') };
}

function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string[] {
  if (raw === undefined || /^(false|0|no)$/i.test(raw)) return false;
  if (/^(true|yes)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0) problems.push('TIJORI_TRUST_PROXY is empty after splitting on commas.');
  return list;
}

function parseSms(get: (n: string) => string | undefined, problems: string[]): Config['sms'] {
  const url = get('SMS_GATEWAY_URL');
  if (url === undefined) return { kind: 'outbox' };
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
  } catch {
    problems.push(`SMS_GATEWAY_URL "${redactUrl(url)}" is not an http(s) URL.`);
  }
  const bodyTemplate = get('SMS_GATEWAY_BODY_TEMPLATE') ?? '{"to":"{{to}}","message":"{{message}}"}';
  if (!bodyTemplate.includes('{{to}}') || !bodyTemplate.includes('{{message}}')) {
    problems.push('SMS_GATEWAY_BODY_TEMPLATE must contain both {{to}} and {{message}}.');
  }
  const authorization = get('SMS_GATEWAY_AUTHORIZATION');
  return { kind: 'http', url, bodyTemplate, ...(authorization ? { authorization } : {}) };
}

/** Never echo a password from a URL back into a log or an error. */
export function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@/]*)@/, '//$1:***@');
}
