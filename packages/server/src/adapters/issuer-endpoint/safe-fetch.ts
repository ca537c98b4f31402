import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Socket } from 'node:net';
import { AppError } from '../../lib/errors.js';
import type { ErrorCode } from '../../lib/errors.js';

/**
 * Outbound HTTP(S) for calling issuers' Pull URI endpoints, built so that an endpoint URL cannot be
 * turned against our own network (SSRF, security baseline attack case 21):
 *
 * - only http/https, no userinfo; any port;
 * - the host is resolved ONCE and every address it resolves to must be public (no loopback,
 *   private, link-local/metadata, CGNAT, multicast, reserved, documentation ranges, nor any
 *   of those hidden in IPv4-mapped / IPv4-compatible / NAT64 / 6to4 IPv6 forms) unless the
 *   operator allow-lists the host or the address range;
 * - the socket connects to exactly the address that was checked (a pinned `lookup`), so DNS
 *   rebinding cannot swap it; the Host header and TLS SNI stay the original host name;
 * - redirects are never followed; connect and total timeouts; the response size is capped
 *   while streaming; no compression is asked for, so nothing is inflated.
 *
 * Failures are `AppError`s with the DigiLocker `repository_service_*` codes. Their `details`
 * hold only a short `reason` (they may reach the client); the host and address are in the
 * `cause`, for the logs.
 */

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 25 * 1024 * 1024;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (default: `dns.lookup` with `all: true`). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  /** Default GET, or POST when there is a body. */
  method?: string;
  /** `host`, `content-length`, `connection` and `transfer-encoding` are set here and ignored if given. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * Exceptions to the address check, for on-premise issuers and tests: host names (`issuer.intranet`,
   * `*.intranet.example` for any sub-domain), IP addresses (`127.0.0.1`, `::1`) or CIDR ranges
   * (`10.20.0.0/16`, `fd12:3456::/48`). An allow-listed host name may resolve to any address.
   */
  allow?: readonly string[];
  /** TCP connect plus TLS handshake. Default 5 s. */
  connectTimeoutMs?: number;
  /** Everything: DNS, connect, request, response headers and body. Default 15 s. */
  timeoutMs?: number;
  /** Default 25 MB. */
  maxResponseBytes?: number;
  /** Injection point for tests (and for a custom resolver); called at most once per request. */
  resolve?: Resolver;
  /** Extra trusted CA certificates, for an on-premise issuer with a private CA. */
  ca?: string | Buffer | Array<string | Buffer>;
}

export interface SafeFetchResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The address the connection went to (the checked one). */
  address: string;
}

export type SafeFetch = (url: string | URL, options?: SafeFetchOptions) => Promise<SafeFetchResponse>;

/** A `safeFetch` with defaults (allow list, timeouts, limits) fixed once, e.g. from configuration. */
export function createSafeFetch(defaults: SafeFetchOptions = {}): SafeFetch {
  const policy = compileAllowList(defaults.allow ?? []);
  return (url, options = {}) => request(url, { ...defaults, ...options }, options.allow ? compileAllowList(options.allow) : policy);
}

/** One outbound request under all the rules above. The body comes back as a Buffer. */
export function safeFetch(url: string | URL, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  return request(url, options, compileAllowList(options.allow ?? []));
}

/**
 * The checks without the request: parse the URL, resolve it once and check every address.
 * For validating an endpoint URL when an issuer is registered (the check is repeated on
 * every call, since DNS can change). Returns the checked addresses.
 */
export async function checkEndpointUrl(url: string | URL, options: Pick<SafeFetchOptions, 'allow' | 'resolve'> = {}): Promise<ResolvedAddress[]> {
  const target = parseTarget(url);
  const policy = compileAllowList(options.allow ?? []);
  const addresses = await resolveTarget(target, options.resolve ?? defaultResolver);
  checkAddresses(target, addresses, policy);
  return addresses;
}

// ---------------------------------------------------------------------------------------------
// Address classification

const BLOCKED_V4: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'this network / unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local / cloud metadata'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved / broadcast'],
];

const BLOCKED_V6: ReadonlyArray<readonly [string, number, string]> = [
  ['::', 96, 'unspecified / loopback / IPv4-compatible'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (Teredo, benchmarking, ORCHID)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'SRv6 SIDs'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

const blockedV4 = BLOCKED_V4.map(([prefix, bits, name]) => ({ name: `${name} (${prefix}/${bits})`, list: subnet(prefix, bits, 'ipv4') }));
const blockedV6 = BLOCKED_V6.map(([prefix, bits, name]) => ({ name: `${name} (${prefix}/${bits})`, list: subnet(prefix, bits, 'ipv6') }));

function subnet(prefix: string, bits: number, type: 'ipv4' | 'ipv6'): net.BlockList {
  const list = new net.BlockList();
  list.addSubnet(prefix, bits, type);
  return list;
}

/**
 * Why an address may not be called, or null when it is a public unicast address.
 * IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, translated `::ffff:0:a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that IPv4 address.
 */
export function blockedReason(address: string): string | null {
  const ip = stripZone(address);
  const version = net.isIP(ip);
  if (version === 4) return blockedV4.find((b) => b.list.check(ip, 'ipv4'))?.name ?? null;
  if (version !== 6) return 'not an IP address';
  const bytes = ipv6Bytes(ip);
  if (!bytes) return 'not an IP address';
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    const inner = blockedReason(embedded.address);
    if (inner) return `${embedded.form} of ${embedded.address}: ${inner}`;
  }
  return blockedV6.find((b) => b.list.check(ip, 'ipv6'))?.name ?? null;
}

export function isBlockedAddress(address: string): boolean {
  return blockedReason(address) !== null;
}

function stripZone(address: string): string {
  const pct = address.indexOf('%');
  return pct >= 0 ? address.slice(0, pct) : address;
}

/** 16 bytes of a valid IPv6 address (validated by net.isIPv6 first). */
function ipv6Bytes(ip: string): Uint8Array | null {
  if (!net.isIPv6(ip)) return null;
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const [head = '', tail] = ip.split('::');
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  if (all.length !== 8) return null;
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function embeddedIPv4(b: Uint8Array): { form: string; address: string } | null {
  const v4 = (i: number) => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return { form: 'IPv4-mapped IPv6', address: v4(12) };
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return { form: 'IPv4-translated IPv6', address: v4(12) };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return { form: 'NAT64', address: v4(12) };
  if (b[0] === 0x20 && b[1] === 0x02) return { form: '6to4', address: v4(2) };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Allow list

interface AllowPolicy {
  hosts: Set<string>;
  suffixes: string[];
  addresses: net.BlockList;
  empty: boolean;
}

function compileAllowList(entries: readonly string[]): AllowPolicy {
  const policy: AllowPolicy = { hosts: new Set(), suffixes: [], addresses: new net.BlockList(), empty: entries.length === 0 };
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const prefix = entry.slice(0, slash);
      const bits = Number(entry.slice(slash + 1));
      const version = net.isIP(prefix);
      if (!version || !Number.isInteger(bits) || bits < 0 || bits > (version === 4 ? 32 : 128))
        throw configError(`allow-list entry "${raw}" is not a valid CIDR range`);
      policy.addresses.addSubnet(prefix, bits, version === 4 ? 'ipv4' : 'ipv6');
    } else if (net.isIP(entry)) {
      policy.addresses.addAddress(entry, net.isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    } else if (entry.startsWith('*.') && entry.length > 2) {
      policy.suffixes.push(entry.slice(1).replace(/\.$/, ''));
    } else if (/^[a-z0-9.-]+$/.test(entry)) {
      policy.hosts.add(entry.replace(/\.$/, ''));
    } else {
      throw configError(`allow-list entry "${raw}" is not a host name, IP address or CIDR range`);
    }
  }
  return policy;
}

function hostAllowed(policy: AllowPolicy, hostname: string): boolean {
  if (policy.empty) return false;
  return policy.hosts.has(hostname) || policy.suffixes.some((s) => hostname.endsWith(s));
}

function addressAllowed(policy: AllowPolicy, address: string, family: 4 | 6): boolean {
  return !policy.empty && policy.addresses.check(stripZone(address), family === 4 ? 'ipv4' : 'ipv6');
}

// ---------------------------------------------------------------------------------------------
// The request

interface Target {
  url: URL;
  protocol: 'http:' | 'https:';
  /** Lower-case, no brackets, no trailing dot. */
  hostname: string;
  port: number;
  /** 4 or 6 when the host is an IP literal (decimal/octal/hex forms are normalised by the URL parser). */
  ipVersion: 0 | 4 | 6;
}

function parseTarget(input: string | URL): Target {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch (err) {
    throw configError('the endpoint URL is not a valid URL', 'bad_url', err);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`the endpoint URL scheme "${url.protocol}" is not http or https`, 'bad_url');
  if (url.username || url.password) throw configError('the endpoint URL must not contain a user name or password', 'bad_url');
  const hostname = url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!hostname) throw configError('the endpoint URL has no host', 'bad_url');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const v = net.isIP(hostname);
  return { url, protocol: url.protocol, hostname, port, ipVersion: v === 4 ? 4 : v === 6 ? 6 : 0 };
}

const defaultResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

async function resolveTarget(target: Target, resolver: Resolver): Promise<ResolvedAddress[]> {
  if (target.ipVersion) return [{ address: target.hostname, family: target.ipVersion }];
  let found: ResolvedAddress[];
  try {
    found = await resolver(target.hostname);
  } catch (err) {
    throw endpointError('repository_service_inactive', 'The issuer’s endpoint could not be found (DNS).', 'dns', err, target);
  }
  const valid = found.filter((a) => net.isIP(stripZone(a.address)) === a.family);
  if (valid.length === 0 || valid.length !== found.length) {
    throw endpointError(
      'repository_service_inactive',
      'The issuer’s endpoint could not be found (DNS).',
      'dns',
      new Error(`resolver returned ${JSON.stringify(found)}`),
      target,
    );
  }
  return valid;
}

/** Every address must pass (or be allow-listed); returns the one to connect to. */
function checkAddresses(target: Target, addresses: ResolvedAddress[], policy: AllowPolicy): ResolvedAddress {
  if (!hostAllowed(policy, target.hostname)) {
    for (const a of addresses) {
      if (addressAllowed(policy, a.address, a.family)) continue;
      const why = blockedReason(a.address);
      if (why) {
        throw endpointError(
          'repository_service_configerror',
          'The issuer’s endpoint URL points to an address that may not be called.',
          'blocked_address',
          new Error(`${target.hostname} resolves to ${a.address}: ${why}`),
          target,
        );
      }
    }
  }
  return addresses[0]!;
}

const IGNORED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

function request(input: string | URL, options: SafeFetchOptions, policy: AllowPolicy): Promise<SafeFetchResponse> {
  let target: Target;
  try {
    target = parseTarget(input);
  } catch (err) {
    return Promise.reject(err);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const resolver = options.resolve ?? defaultResolver;
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : Buffer.from(options.body);

  return new Promise<SafeFetchResponse>((resolvePromise, reject) => {
    let settled = false;
    let req: http.ClientRequest | undefined;
    let res: http.IncomingMessage | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    let pinned: ResolvedAddress | undefined;

    const finish = () => {
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
    };
    const fail = (err: AppError) => {
      if (settled) return;
      finish();
      res?.destroy();
      req?.destroy();
      reject(err);
    };
    const totalTimer = setTimeout(
      () =>
        fail(
          endpointError(
            'repository_service_unresponsive',
            'The issuer’s endpoint did not answer in time.',
            'timeout',
            new Error(`no complete answer within ${timeoutMs} ms`),
            target,
            pinned,
          ),
        ),
      timeoutMs,
    );

    const start = async () => {
      const addresses = await resolveTarget(target, resolver);
      if (settled) return;
      pinned = checkAddresses(target, addresses, policy);
      const address = pinned;

      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(options.headers ?? {})) if (!IGNORED_HEADERS.has(k.toLowerCase())) headers[k] = v;
      headers.connection = 'close';
      if (body) headers['content-length'] = String(body.length);

      // The socket may only go to the checked address, whatever DNS says by now.
      const lookup: net.LookupFunction = (_hostname, opts, cb) => {
        if (opts.all) cb(null, [{ address: address.address, family: address.family }]);
        else cb(null, address.address, address.family);
      };
      const common: http.RequestOptions = {
        method: options.method ?? (body ? 'POST' : 'GET'),
        host: target.hostname,
        port: target.port,
        path: `${target.url.pathname}${target.url.search}`,
        headers,
        agent: false,
        lookup,
        family: address.family,
        insecureHTTPParser: false,
      };
      req =
        target.protocol === 'https:'
          ? https.request({
              ...common,
              rejectUnauthorized: true,
              ...(target.ipVersion ? {} : { servername: target.hostname }),
              ...(options.ca ? { ca: options.ca } : {}),
            })
          : http.request(common);

      connectTimer = setTimeout(
        () =>
          fail(
            endpointError(
              'repository_service_unresponsive',
              'The issuer’s endpoint did not accept the connection in time.',
              'connect_timeout',
              new Error(`no connection within ${connectTimeoutMs} ms`),
              target,
              address,
            ),
          ),
        connectTimeoutMs,
      );
      req.on('socket', (socket: Socket) => {
        socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      req.on('error', (err) => fail(mapNetworkError(err, target, address)));
      req.on('response', (response) => {
        res = response;
        response.on('error', (err) => fail(mapNetworkError(err, target, address)));
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          fail(
            endpointError(
              'repository_service_resperror',
              'The issuer’s endpoint answered with a redirect, which is not followed.',
              'redirect',
              new Error(`HTTP ${status} to ${String(response.headers.location)}`),
              target,
              address,
              { httpStatus: status },
            ),
          );
          return;
        }
        if (status < 200 || status >= 300) {
          fail(
            endpointError(
              'repository_service_resperror',
              `The issuer’s endpoint answered with an error (HTTP ${status}).`,
              'http_status',
              new Error(`HTTP ${status}`),
              target,
              address,
              { httpStatus: status },
            ),
          );
          return;
        }
        const tooLarge = () =>
          endpointError(
            'repository_service_resperror',
            'The issuer’s endpoint answer is larger than allowed.',
            'too_large',
            new Error(`more than ${maxBytes} bytes`),
            target,
            address,
          );
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > maxBytes) {
            fail(tooLarge());
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (settled) return;
          finish();
          resolvePromise({ status, headers: response.headers, body: Buffer.concat(chunks, size), address: address.address });
        });
        response.on('close', () => {
          if (!response.complete)
            fail(
              endpointError(
                'repository_service_inactive',
                'The issuer’s endpoint closed the connection early.',
                'reset',
                new Error('response closed before its end'),
                target,
                address,
              ),
            );
        });
      });
      req.end(body);
    };
    start().catch((err: unknown) => fail(err instanceof AppError ? err : mapNetworkError(err, target, pinned)));
  });
}

// ---------------------------------------------------------------------------------------------
// Errors

const INACTIVE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ENODATA',
  'ESERVFAIL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

function mapNetworkError(err: unknown, target: Target, address?: ResolvedAddress): AppError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (INACTIVE_CODES.has(code)) {
    const reason =
      code === 'ECONNREFUSED'
        ? 'refused'
        : code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED'
          ? 'reset'
          : code.startsWith('EAI') || code === 'ENOTFOUND'
            ? 'dns'
            : 'unreachable';
    return endpointError('repository_service_inactive', 'The issuer’s endpoint is not reachable.', reason, err, target, address);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return endpointError('repository_service_unresponsive', 'The issuer’s endpoint did not answer in time.', 'timeout', err, target, address);
  }
  if (code.startsWith('HPE_')) {
    return endpointError('repository_service_resperror', 'The issuer’s endpoint answer is not valid HTTP.', 'bad_http', err, target, address);
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
    return endpointError(
      'repository_service_exception',
      'The secure connection to the issuer’s endpoint failed (certificate or TLS).',
      'tls',
      err,
      target,
      address,
    );
  }
  return endpointError('repository_service_exception', 'Calling the issuer’s endpoint failed.', 'exception', err, target, address);
}

function endpointError(
  code: ErrorCode,
  message: string,
  reason: string,
  cause: unknown,
  target?: Target,
  address?: ResolvedAddress,
  extra?: Record<string, unknown>,
): AppError {
  const where = target ? `${target.protocol}//${target.hostname}:${target.port}${address ? ` (${address.address})` : ''}` : '';
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AppError(code, message, { reason, ...extra }, { cause: new Error(`${where} ${reason}: ${detail}`.trim(), { cause }) });
}

function configError(detail: string, reason = 'config', cause?: unknown): AppError {
  return new AppError(
    'repository_service_configerror',
    'The issuer’s endpoint URL is not usable.',
    { reason },
    { cause: new Error(detail, cause === undefined ? undefined : { cause }) },
  );
}
