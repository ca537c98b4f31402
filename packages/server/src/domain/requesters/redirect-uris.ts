import { AppError } from '../../lib/errors.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect URI a requester may register: absolute, https (or http to a loopback address, for
 * development), no user info, no fragment, no dot segments or `;` path parameters. Matching at
 * authorisation time is exact string equality against what was registered, so look-alikes such
 * as `https://app.example.com.evil.test/cb` or `https://a@b@evil/` never match.
 */
export function assertRegistrableRedirectUri(value: string, index: number): void {
  const bad = (why: string) =>
    new AppError('validation_failed', `Redirect URI ${index + 1} ${why}.`, { errors: [{ path: `/body/redirectUris/${index}`, message: why }] });
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw bad('is not an absolute URL');
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) throw bad('must use https (http only to localhost)');
  if (u.username || u.password || value.includes('@')) throw bad('must not contain user info');
  if (u.hash || value.includes('#')) throw bad('must not contain a fragment');
  if (/(^|\/)\.\.?(\/|;|$)|;/.test(u.pathname) || /\/\.\.?(\/|;|$)/.test(value)) throw bad('must not contain dot segments or ";"');
  if (u.toString() !== value) throw bad(`must be written in its normal form (${u.toString()})`);
}
