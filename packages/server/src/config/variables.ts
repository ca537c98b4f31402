/**
 * Every environment variable Tijori reads, documented once. docs/configuration.md is rendered
 * from this list (`npm run docs`; a test fails when the page drifts).
 */
export interface VariableDoc {
  name: string;
  default: string;
  description: string;
  /** The variable's former name, still read when this one is unset (deprecated). */
  deprecatedName?: string;
}

export const CONFIG_VARIABLES: readonly VariableDoc[] = [
  {
    name: 'NODE_ENV',
    default: 'development',
    description:
      '`development`, `test` or `production`. Production refuses development stand-ins (generated master key, SMS outbox, Aadhaar sandbox, `/dev` pages) unless `TIJORI_ALLOW_DEV_ADAPTERS=true`.',
  },
  { name: 'HOST', default: '127.0.0.1', description: 'Interface to listen on. Use `0.0.0.0` (or `::`) behind a load balancer or in a container.' },
  { name: 'PORT', default: '3000', description: 'TCP port of the portal and API.' },
  {
    name: 'TIJORI_DATA_DIR',
    default: './data',
    description: 'Folder for everything the embedded default keeps: the SQLite file, blobs, the development master key.',
  },
  {
    name: 'TIJORI_PUBLIC_URL',
    default: 'http://localhost:<PORT>',
    description: 'The URL residents and verifiers reach this server at; used in links and QR codes.',
  },
  {
    name: 'DATABASE_URL',
    default: 'sqlite:<data>/tijori.db',
    description: '`sqlite:<path>` (relative paths are resolved against the working directory) or `postgres://user:pass@host:5432/db`.',
  },
  { name: 'DATABASE_POOL_MAX', default: '10', description: 'PostgreSQL connections per process.' },
  {
    name: 'DATABASE_SCHEMA',
    default: '(none)',
    description: 'PostgreSQL schema to use instead of `public` (created if missing). Lets several installations or test runs share one database.',
  },
  { name: 'BLOB_STORE_URL', default: 'file://<data>/blobs', description: '`file:///absolute/path` or `s3://bucket/optional/prefix`.' },
  {
    name: 'S3_ENDPOINT',
    default: '(AWS)',
    description:
      'Endpoint of an S3-compatible store (MinIO, Ceph…), e.g. `http://127.0.0.1:9000`. Credentials come from the standard `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` variables or the AWS credential chain.',
  },
  { name: 'S3_REGION', default: 'us-east-1', description: 'Region sent to the S3 store.' },
  {
    name: 'S3_FORCE_PATH_STYLE',
    default: 'false',
    description: '`true` for stores that do not support virtual-host-style buckets (most MinIO and Ceph set-ups).',
  },
  {
    name: 'TIJORI_MASTER_KEY',
    default: '(none)',
    description:
      'Base64 of 32 random bytes (`openssl rand -base64 32`). Wraps every blob data key and the Aadhaar vault key. Required in production unless `TIJORI_MASTER_KEY_FILE` is set.',
  },
  {
    name: 'TIJORI_MASTER_KEY_FILE',
    default: '(none)',
    description:
      'Path of a file holding the master key (base64). In development, when neither this nor `TIJORI_MASTER_KEY` is set, a key is generated once into `<data>/master.key` (mode 0600).',
  },
  {
    name: 'TIJORI_ALLOW_DEV_ADAPTERS',
    default: 'false',
    description: 'Set `true` to let a production-mode server use development stand-ins anyway (for staging only).',
  },
  {
    name: 'SMS_GATEWAY_URL',
    default: '(none: outbox)',
    description: 'HTTP(S) endpoint of a real SMS gateway. Unset: the development outbox stand-in keeps messages for `/dev/outbox`.',
  },
  { name: 'SMS_GATEWAY_AUTHORIZATION', default: '(none)', description: 'Value of the Authorization header sent to the gateway, e.g. `Bearer …`.' },
  {
    name: 'SMS_GATEWAY_BODY_TEMPLATE',
    default: '{"to":"{{to}}","message":"{{message}}"}',
    description: 'JSON body POSTed to the gateway; `{{to}}` (10-digit mobile) and `{{message}}` are filled in.',
  },
  {
    name: 'AADHAAR_ADAPTER',
    default: 'sandbox',
    description: 'Aadhaar OTP + e-KYC provider. Only `sandbox` (demo residents, development stand-in) exists; a UIDAI integration needs an AUA/KUA licence.',
  },
  { name: 'SESSION_IDLE_MINUTES', default: '15', description: 'A session ends after this long without use.' },
  { name: 'SESSION_ABSOLUTE_HOURS', default: '12', description: 'A session ends this long after sign-in, whatever its use.' },
  {
    name: 'TIJORI_SECRET_HASH_COST',
    default: '14',
    description:
      'Work factor of the scrypt hashes of new PINs and passwords, as log2(N): 14 is N = 16,384 (16 MB, about 50 ms of CPU each). Production refuses less than 14; the test suites use 10 to save CPU. Each hash keeps its own parameters, so a change applies to new hashes and old ones still verify.',
  },
  {
    name: 'TIJORI_SEED_DEMO',
    default: 'true in development',
    description:
      'Seed the demo directory at start-up (four demo issuers with records for the sandbox residents, demo console accounts). Refused in production.',
  },
  {
    name: 'TIJORI_BULK_LEASE_SECONDS',
    default: '60',
    description: 'A bulk job whose worker stops reporting progress for this long (it crashed) is resumed by another process.',
  },
  {
    name: 'ISSUER_ENDPOINT_ALLOWLIST',
    deprecatedName: 'ISSUER_REPOSITORY_ALLOWLIST',
    default: 'unset: 127.0.0.1,localhost outside production, none in production; set but empty: none',
    description:
      'Comma-separated hosts (`*.example.in` allowed), IPs or CIDRs that issuer endpoints (an issuer’s own Pull URI service, for remote pull) may be at although they are private or loopback (on-premise issuers). Everything else private, loopback, link-local or metadata is refused (SSRF).',
  },
  {
    name: 'ISSUER_ENDPOINT_TIMEOUT_MS',
    deprecatedName: 'ISSUER_REPOSITORY_TIMEOUT_MS',
    default: '15000',
    description:
      'Total time an issuer endpoint gets to answer a pull (connecting takes at most 5 s of it); then the resident is told the issuer is not responding.',
  },
  { name: 'TIJORI_BODY_LIMIT_BYTES', default: '1048576', description: 'Largest JSON or form body accepted (file uploads have their own limit).' },
  {
    name: 'TIJORI_TRUST_PROXY',
    default: 'false',
    description: '`true`, a hop count, or a comma-separated list of proxy addresses whose `X-Forwarded-*` headers are believed.',
  },
  { name: 'TIJORI_SHUTDOWN_TIMEOUT_MS', default: '10000', description: 'How long SIGTERM waits for in-flight requests before closing anyway.' },
  {
    name: 'TIJORI_WORKERS',
    default: '1',
    description:
      'Server processes to run on this machine (`auto` = one per CPU core). They share the port (node:cluster), the database and the blob store; a worker that dies is restarted. With SQLite they share the file (WAL); beyond one machine, run more machines against PostgreSQL.',
  },
  {
    name: 'TIJORI_METRICS_PORT',
    default: '(none)',
    description:
      'Serve Prometheus metrics at `/metrics` on this port of its own (merged across `TIJORI_WORKERS` processes), and nowhere else. Keep it on a private interface (`TIJORI_METRICS_HOST`) or firewalled: metrics are never public by default. See docs/operations-monitoring.md.',
  },
  {
    name: 'TIJORI_METRICS_HOST',
    default: '<HOST>',
    description: 'Interface the metrics port listens on, e.g. `127.0.0.1` or a private address that only Prometheus reaches.',
  },
  {
    name: 'TIJORI_METRICS_TOKEN',
    default: '(none)',
    description:
      'Serve `/metrics` on the main port, only to requests with `Authorization: Bearer <this token>` (24+ characters, e.g. `openssl rand -hex 24`). With neither this nor `TIJORI_METRICS_PORT`, no metrics are served.',
  },
  {
    name: 'TIJORI_UPLOAD_MAX_BYTES',
    default: '10485760',
    description: 'Largest file a resident may upload (10 MB); refused while streaming, before more is read.',
  },
  { name: 'TIJORI_UPLOAD_QUOTA_BYTES', default: '1073741824', description: 'Storage per resident for uploaded files (1 GB), files in the bin included.' },
  {
    name: 'TIJORI_UPLOAD_MAX_PIXELS',
    default: '50000000',
    description: 'Largest image (width × height, read from its header) accepted: refuses decompression bombs.',
  },
  {
    name: 'MALWARE_SCANNER_URL',
    default: '(none: EICAR stand-in)',
    description:
      'clamd to scan uploads with: `tcp://127.0.0.1:3310` or `unix:/run/clamav/clamd.ctl`. Unset: a development stand-in that refuses only the EICAR test file.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. Logs are JSON lines on stdout; secrets and personal data are redacted.',
  },
];
