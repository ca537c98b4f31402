/**
 * Everything the bank does with Tijori, through oauth4webapi: an independent OAuth 2.0 /
 * OpenID Connect client library. No Tijori code is used here; an integration written this way
 * for the real DigiLocker works against Tijori by changing the base URL.
 */
import * as oauth from 'oauth4webapi';

export interface TijoriClientOptions {
  /** Tijori's public URL, which is also its OpenID Connect issuer. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** What the bank keeps between sending the customer to Tijori and their return (in its session). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  scope: string;
  lockerId: string;
  idTokenClaims?: oauth.IDToken;
  raw: oauth.TokenEndpointResponse;
}

export interface TijoriClient {
  startLogin(): Promise<{ url: URL; pending: PendingLogin }>;
  finishLogin(callback: URL, pending: PendingLogin): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Tokens>;
  revoke(token: string): Promise<void>;
  /** GET a partner API resource (e.g. `/public/oauth2/1/files/issued`): status and body. */
  get(accessToken: string, path: string): Promise<{ status: number; body: unknown }>;
}

export async function createTijoriClient(options: TijoriClientOptions): Promise<TijoriClient> {
  const issuer = new URL(options.issuer);
  // Plain http is allowed only for a Tijori on this machine (development and tests).
  const insecure = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  const http = insecure ? { [oauth.allowInsecureRequests]: true } : {};
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...http }));
  const client: oauth.Client = { client_id: options.clientId };
  const auth = oauth.ClientSecretPost(options.clientSecret);

  const tokens = (raw: oauth.TokenEndpointResponse): Tokens => ({
    accessToken: raw.access_token,
    refreshToken: raw.refresh_token ?? '',
    scope: raw.scope ?? '',
    lockerId: String(raw.digilockerid ?? ''),
    ...(raw.id_token ? { idTokenClaims: oauth.getValidatedIdTokenClaims(raw) } : {}),
    raw,
  });

  return {
    async startLogin() {
      const pending = { state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), codeVerifier: oauth.generateRandomCodeVerifier() };
      const url = new URL(as.authorization_endpoint!);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('redirect_uri', options.redirectUri);
      url.searchParams.set('scope', 'openid userdetails files.issueddocs');
      url.searchParams.set('state', pending.state);
      url.searchParams.set('nonce', pending.nonce);
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      return { url, pending };
    },
    async finishLogin(callback, pending) {
      const params = oauth.validateAuthResponse(as, client, callback, pending.state);
      const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, options.redirectUri, pending.codeVerifier, http);
      return tokens(await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true }));
    },
    async refresh(refreshToken) {
      return tokens(await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, http)));
    },
    async revoke(token) {
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token, http));
    },
    async get(accessToken, path) {
      const res = await oauth.protectedResourceRequest(accessToken, 'GET', new URL(path, issuer), undefined, undefined, http);
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: type.includes('json') ? await res.json() : await res.text() };
    },
  };
}
