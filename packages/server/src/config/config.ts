export type Environment = 'development' | 'test' | 'production';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolMax: number; schema?: string };

export type BlobStoreConfig =
  | { kind: 'file'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
    };

export type MasterKeyConfig =
  | { kind: 'value'; base64: string }
  | { kind: 'file'; path: string }
  /** Development only: generated on first start into the data folder. */
  | { kind: 'generated'; path: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type SmsConfig =
  /** Development stand-in: messages go to the readable outbox. */
  { kind: 'outbox' } | { kind: 'http'; url: string; authorization?: string; bodyTemplate: string };

export interface Config {
  env: Environment;
  host: string;
  port: number;
  dataDir: string;
  publicUrl: string;
  database: DatabaseConfig;
  blobStore: BlobStoreConfig;
  masterKey: MasterKeyConfig;
  allowDevAdapters: boolean;
  bodyLimitBytes: number;
  trustProxy: boolean | number | string[];
  shutdownTimeoutMs: number;
  /** Server processes on this machine (node:cluster); 1 = this process serves alone. */
  workers: number;
  logLevel: LogLevel;
  sms: SmsConfig;
  /** Only the development sandbox exists: a real UIDAI (AUA/KUA) adapter needs a licence. */
  aadhaarAdapter: 'sandbox';
  session: { idleMs: number; absoluteMs: number };
  /** scrypt's work factor for new PIN and password hashes, as log2(N) (14 unless set; production refuses less). */
  secretHashCost: number;
  /** How long a bulk job stays with a worker that stops reporting progress (it died). */
  bulkLeaseMs: number;
  /** Hosts / addresses / CIDRs that issuer endpoints (Pull URI) may be at despite the SSRF rules. */
  issuerEndpointAllowList: string[];
  issuerEndpointTimeoutMs: number;
  /** Seed the demo directory (issuers, records for sandbox residents, console accounts) at start. */
  seedDemo: boolean;
  /** Developer pages and APIs (SMS outbox, sandbox listing) exist; never in production mode. */
  devTools: boolean;
  /** Where Prometheus scrapes `/metrics`: a port of its own, the main port behind a token, or nowhere. */
  metrics: MetricsConfig;
  /** The resident's own drive (docs/uploads.md). */
  uploads: UploadsConfig;
}

export interface MetricsConfig {
  /** A separate listener (the cluster's primary process in TIJORI_WORKERS mode) serving only /metrics. */
  port?: number;
  host: string;
  /** `/metrics` on the main port, for `Authorization: Bearer <token>` only. */
  token?: string;
}

export interface UploadsConfig {
  maxBytes: number;
  quotaBytes: number;
  maxPixels: number;
  /** `tcp://host:port` or `unix:/path` of clamd; null = the EICAR-only development stand-in. */
  scannerUrl: string | null;
}

/** Start-up configuration problems, all of them at once, each saying how to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Tijori cannot start: ${problems.length} configuration problem(s):\n` + problems.map((p) => `  - ${p}`).join('\n'));
  }
}
