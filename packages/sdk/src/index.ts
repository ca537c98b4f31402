/**
 * The Tijori API from TypeScript: every path, parameter, body and answer typed from the server's
 * OpenAPI document (src/schema.ts, generated), over openapi-fetch (fetch, nothing else).
 *
 *   const tijori = createTijoriClient({ baseUrl: 'https://locker.example.in', apiKey: process.env.TIJORI_API_KEY });
 *   const { data, error } = await tijori.POST('/api/v1/verify', { body: { qr } });
 *
 * `error` is the problem body (`code`, `detail`, per-field `errors`) when the server answered 4xx/5xx.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export interface TijoriClientOptions {
  /** Where the Tijori server is, e.g. `https://locker.example.in` (no trailing path). */
  baseUrl: string;
  /** An issuer's API key, or a bearer session token: sent as `Authorization: Bearer …`. */
  apiKey?: string;
  /** Another fetch (a proxy, retries, tests); the global one by default. */
  fetch?: ClientOptions['fetch'];
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

export type TijoriClient = Client<paths>;

export function createTijoriClient(options: TijoriClientOptions): TijoriClient {
  if (!/^https?:\/\/[^/]+/.test(options.baseUrl)) throw new TypeError('baseUrl must be an http(s) URL such as https://locker.example.in');
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export {
  codeChallengeOf,
  createRequesterClient,
  RequesterApiError,
  type IssuedFile,
  type RequesterClient,
  type RequesterClientOptions,
  type RequesterTokens,
  type ResidentDetails,
} from './requester.js';
