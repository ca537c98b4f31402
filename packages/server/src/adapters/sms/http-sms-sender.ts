import { AppError } from '../../lib/errors.js';
import type { SmsSender } from './sms-sender.js';

export interface HttpSmsOptions {
  url: string;
  /** Sent as the Authorization header, e.g. "Bearer …" or "Basic …". */
  authorization?: string;
  /** JSON with {{to}} and {{message}} placeholders; default {"to":"{{to}}","message":"{{message}}"}. */
  bodyTemplate: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A real SMS gateway over HTTP: POSTs the rendered JSON template. Most Indian gateways
 * (DLT-registered senders) accept this shape with their own field names, set in the template.
 * Retries once on a network error or 5xx; the message body is never logged or echoed.
 */
export function createHttpSmsSender(options: HttpSmsOptions): SmsSender {
  const doFetch = options.fetch ?? fetch;
  const render = (to: string, message: string) => options.bodyTemplate.replaceAll('{{to}}', jsonEscape(to)).replaceAll('{{message}}', jsonEscape(message));
  return {
    kind: 'http',
    async send(to, message) {
      const body = render(to, message);
      let lastStatus = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const res = await doFetch(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
            body,
            redirect: 'error',
            signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
          });
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) return;
          lastStatus = res.status;
          if (res.status < 500) break;
        } catch {
          lastStatus = 0;
        }
      }
      throw new AppError('sms_failed', 'The text message could not be sent. Try again in a minute.', { gatewayStatus: lastStatus });
    },
  };
}

function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}
