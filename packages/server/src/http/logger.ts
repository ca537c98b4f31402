import pino, { type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from '../config/config.js';

/**
 * Field names whose values never reach a log line, wherever they appear (two levels deep).
 * Request bodies are not logged at all; this list is the safety net for objects we do log.
 */
const SECRET_KEYS = [
  'otp',
  'pin',
  'password',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code_verifier',
  'client_secret',
  'authorization',
  'cookie',
  'aadhaar',
  'aadhaar_number',
  'uid',
  'masterKey',
  'apiKey',
  'api_key',
  'hmac',
  'keyhash',
  'pendingToken',
  'recoveryCode',
  'recoveryCodes',
  'otpauthUri',
];

const SECRET = new Set(SECRET_KEYS);
const CENSOR = '[redacted]';
/** Keys whose serializers below already reduce them to safe fields. */
const SERIALIZED = new Set(['req', 'res', 'err']);

/**
 * Replaces the value of every secret-named field, at the top of a log object and two levels
 * into it, copying only what changes. A hand-written walk instead of pino's `redact` option:
 * with these keys as wildcard paths, redact was the costliest step of writing an access-log
 * line (npm run bench, verification profile), and a log object has a handful of keys.
 */
export function redactSecrets<T>(value: T, depth = 0, skip?: Set<string>): T {
  if (value === null || typeof value !== 'object' || depth > 2 || Buffer.isBuffer(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (skip?.has(key)) continue;
    const v = (value as Record<string, unknown>)[key];
    const replaced = SECRET.has(key) ? CENSOR : redactSecrets(v, depth + 1);
    if (replaced !== v) {
      out ??= Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
      out[key] = replaced;
    }
  }
  return (out ?? value) as T;
}

/** A 12-digit run that could be an Aadhaar number, with or without spaces. */
const AADHAAR_LIKE = /(?<!\d)[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}(?!\d)/g;

/** Last line of defence: a message string that contains an Aadhaar-shaped number is masked. */
export function scrubText(text: string): string {
  return text.replace(AADHAAR_LIKE, (m) => `XXXX XXXX ${m.replace(/\D/g, '').slice(-4)}`);
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (obj) => redactSecrets(obj, 0, SERIALIZED) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
      serializers: {
        // The path only: query strings are never logged (they could carry a token by mistake).
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          method: req.method,
          // A share link's token is its key: the page path is logged without it.
          path: scrubText((req.url.split('?')[0] ?? '').replace(/^\/s\/[^/]*/, '/s/[token]')),
          ip: req.ip,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
        err: (err: Error) => redactSecrets({ ...pino.stdSerializers.err(err) }),
      },
    },
    destination,
  );
}
