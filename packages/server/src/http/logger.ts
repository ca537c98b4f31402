import pino, { type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from '../config/config.js';

/**
 * Field names whose values never reach a log line, wherever they appear (two levels deep).
 * Request bodies are not logged at all; this list is the safety net for objects we do log.
 */
const SECRET_KEYS = [
  'otp', 'pin', 'password', 'secret', 'token', 'access_token', 'refresh_token', 'id_token',
  'code_verifier', 'client_secret', 'authorization', 'cookie', 'aadhaar', 'aadhaar_number', 'uid',
  'masterKey', 'apiKey', 'api_key', 'hmac', 'keyhash',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers.hmac',
  'req.headers["x-digilocker-hmac"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

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
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
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
          path: scrubText(req.url.split('?')[0] ?? ''),
          ip: req.ip,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
