/**
 * A requester's (a bank's, an employer's) client for Tijori's DigiLocker-compatible partner API:
 * the authorisation URL with PKCE S256 and state, the code exchange, refresh, revocation, the
 * resident's details, the issued-file list and file download. Paths are the generated schema's;
 * the answers are the partner API's own shapes, typed here (fetch, nothing else).
 *
 *   const bank = createRequesterClient({ baseUrl, clientId, clientSecret, redirectUri });
 *   const { url, state, codeVerifier } = await bank.authorizationUrl({ scope: 'openid userdetails files.issueddocs' });
 *   // … the resident consents; Tijori redirects to redirectUri?code=…&state=…
 *   const tokens = await bank.exchangeCode({ callbackUrl, state, codeVerifier });
 *   const files = await bank.issuedFiles(tokens.access_token);
 */
import type { paths } from './schema.js';

const PATHS = {
  authorize: '/public/oauth2/1/authorize',
  token: '/public/oauth2/1/token',
  revoke: '/public/oauth2/1/revoke',
  user: '/public/oauth2/1/user',
  issued: '/public/oauth2/2/files/issued',
  file: '/public/oauth2/1/file/{uri}',
} as const satisfies Record<string, keyof paths>;

/** The token endpoint's answer, with both spellings the reference uses. */
export interface RequesterTokens {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  /** Space-separated, with `issued/<uri>` per granted document. */
  scope: string;
  refresh_token?: string;
  digilockerid: string;
  digilocker_id: string;
  reference_key: string;
  id_token?: string;
  /** With `userdetails`: name, dob (DDMMYYYY), gender (M/F/T), eaadhaar/eaadhar (Y/N). */
  name?: string;
  dob?: string;
  gender?: string;
  eaadhaar?: string;
  eaadhar?: string;
}

export interface ResidentDetails {
  digilockerid: string;
  name: string;
  dob: string;
  gender: string;
  eaadhaar: string;
}

export interface IssuedFile {
  name: string;
  type: 'file';
  size: string;
  date: string;
  parent: string;
  mime: string[];
  uri: string;
  doctype: string;
  description: string;
  issuer: string;
  issuerid: string;
}

/** A refusal in the partner API's shape (`{error, error_description}`), with the HTTP status. */
export class RequesterApiError extends Error {
  override readonly name = 'RequesterApiError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${status} ${error}: ${description}`);
  }
}

export interface RequesterClientOptions {
  /** Where Tijori is, e.g. `https://locker.example.in`. */
  baseUrl: string;
  clientId: string;
  /** Sent with HTTP Basic at the token and revoke endpoints. */
  clientSecret: string;
  /** Exactly as registered. */
  redirectUri: string;
  fetch?: typeof fetch;
}

export interface RequesterClient {
  /** A fresh state and PKCE verifier (keep both for the callback) and the URL to send the browser to. */
  authorizationUrl(options?: {
    scope?: string;
    signUp?: boolean;
    extra?: Record<string, string>;
  }): Promise<{ url: string; state: string; codeVerifier: string }>;
  /** The callback's code for tokens, after checking its state; an `error` callback is thrown as RequesterApiError. */
  exchangeCode(input: { callbackUrl: string | URL; state: string; codeVerifier: string }): Promise<RequesterTokens>;
  refresh(refreshToken: string): Promise<RequesterTokens>;
  /** Revokes the grant the token belongs to. */
  revoke(token: string, hint?: 'access_token' | 'refresh_token'): Promise<void>;
  user(accessToken: string): Promise<ResidentDetails>;
  issuedFiles(accessToken: string): Promise<IssuedFile[]>;
  /** A document's bytes (a PDF for an issued document) and its media type. */
  downloadFile(accessToken: string, uri: string): Promise<{ bytes: Uint8Array; contentType: string }>;
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomText = (n: number) => base64url(globalThis.crypto.getRandomValues(new Uint8Array(n)));

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)), no padding. */
export async function codeChallengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function createRequesterClient(options: RequesterClientOptions): RequesterClient {
  if (!/^https?:\/\/[^/]+/.test(options.baseUrl)) throw new TypeError('baseUrl must be an http(s) URL such as https://locker.example.in');
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const basic = `Basic ${btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`)}`;

  async function refused(res: Response): Promise<never> {
    const body = (await res.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
    throw new RequesterApiError(
      res.status,
      typeof body.error === 'string' ? body.error : 'unexpected_response',
      typeof body.error_description === 'string' ? body.error_description : res.statusText,
    );
  }
  async function form(path: string, fields: Record<string, string>): Promise<Response> {
    const res = await doFetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
    });
    return res.ok ? res : refused(res);
  }
  async function get(path: string, accessToken: string): Promise<Response> {
    const res = await doFetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    return res.ok ? res : refused(res);
  }

  return {
    async authorizationUrl(o = {}) {
      const state = randomText(16);
      const codeVerifier = randomText(32);
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: options.clientId,
        redirect_uri: options.redirectUri,
        state,
        code_challenge: await codeChallengeOf(codeVerifier),
        code_challenge_method: 'S256',
        ...(o.scope ? { scope: o.scope } : {}),
        ...(o.signUp ? { dl_flow: 'signup' } : {}),
        ...o.extra,
      });
      return { url: `${baseUrl}${PATHS.authorize}?${q}`, state, codeVerifier };
    },
    async exchangeCode({ callbackUrl, state, codeVerifier }) {
      const params = new URL(callbackUrl).searchParams;
      if (params.get('state') !== state) throw new RequesterApiError(400, 'state_mismatch', 'The callback’s state is not the one this login started with.');
      const error = params.get('error');
      if (error) throw new RequesterApiError(400, error, params.get('error_description') ?? '');
      const code = params.get('code');
      if (!code) throw new RequesterApiError(400, 'invalid_request', 'The callback has no code.');
      const res = await form(PATHS.token, { grant_type: 'authorization_code', code, redirect_uri: options.redirectUri, code_verifier: codeVerifier });
      return (await res.json()) as RequesterTokens;
    },
    async refresh(refreshToken) {
      return (await (await form(PATHS.token, { grant_type: 'refresh_token', refresh_token: refreshToken })).json()) as RequesterTokens;
    },
    async revoke(token, hint) {
      await form(PATHS.revoke, { token, ...(hint ? { token_type_hint: hint } : {}) });
    },
    async user(accessToken) {
      return (await (await get(PATHS.user, accessToken)).json()) as ResidentDetails;
    },
    async issuedFiles(accessToken) {
      return ((await (await get(PATHS.issued, accessToken)).json()) as { items: IssuedFile[] }).items;
    },
    async downloadFile(accessToken, uri) {
      const res = await get(PATHS.file.replace('{uri}', encodeURIComponent(uri)), accessToken);
      return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
    },
  };
}
