import { execFileSync } from 'node:child_process';
import dns from 'node:dns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { ResolvedAddress } from './safe-fetch.js';
import { blockedReason, checkEndpointUrl, createSafeFetch, safeFetch } from './safe-fetch.js';

// ---- helpers ------------------------------------------------------------------------------

interface TestServer {
  port: number;
  connections: () => number;
  requests: http.IncomingMessage[];
  /** Resolves when every socket the server saw has closed. */
  allClosed: () => Promise<void>;
  close: () => Promise<void>;
}

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function track(server: net.Server): { connections: () => number; allClosed: () => Promise<void>; close: () => Promise<void> } {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const closed: Array<Promise<void>> = [];
  server.on('connection', (socket: net.Socket) => {
    count++;
    sockets.add(socket);
    closed.push(new Promise((r) => socket.once('close', () => r())));
    socket.once('close', () => sockets.delete(socket));
  });
  const close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return { connections: () => count, allClosed: async () => void (await Promise.all(closed)), close };
}

async function httpServer(handler: http.RequestListener, host = '::', port = 0): Promise<TestServer> {
  const server = http.createServer(handler);
  const t = track(server);
  const requests: http.IncomingMessage[] = [];
  server.on('request', (req: http.IncomingMessage) => requests.push(req));
  await new Promise<void>((r) => server.listen({ host, port, ipv6Only: false }, () => r()));
  const s = { port: (server.address() as net.AddressInfo).port, requests, ...t };
  servers.push(s);
  return s;
}

async function rawServer(onSocket: (socket: net.Socket) => void): Promise<TestServer> {
  const server = net.createServer(onSocket);
  const t = track(server);
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, () => r()));
  const s = { port: (server.address() as net.AddressInfo).port, requests: [], ...t };
  servers.push(s);
  return s;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the call to fail');
}

const ok: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
};

// ---- address classification ---------------------------------------------------------------

describe('blockedReason', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '192.0.2.1',
    '198.18.0.1',
    '::',
    '::1',
    '::127.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:169.254.169.254',
    '::ffff:0:127.0.0.1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::1',
    '2002:7f00:1::1',
    '2002:a9fe:a9fe::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'ff02::1',
    '2001:db8::1',
    '2001::1',
    'not-an-ip',
  ])('blocks %s', (ip) => {
    expect(blockedReason(ip)).not.toBeNull();
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('lets %s through', (ip) => {
    expect(blockedReason(ip)).toBeNull();
  });
});

// ---- SSRF: blocked before any connection ---------------------------------------------------

describe('safeFetch refuses internal addresses before connecting', () => {
  it('rejects every form of a loopback, private, link-local or reserved address without opening a socket', async () => {
    const server = await httpServer(ok); // listens on :: (dual stack): reached by 127.0.0.1, ::1, 0.0.0.0, ::, ::ffff:127.0.0.1
    const p = server.port;
    const urls = [
      `http://127.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://localhost:${p}/`,
      `http://LOCALHOST.:${p}/`,
      `http://[::1]:${p}/`,
      `http://2130706433:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://0x7f000001:${p}/`,
      `http://017700000001:${p}/`,
      `http://0177.0.0.1:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://0:${p}/`,
      `http://[::]:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://[0:0:0:0:0:ffff:127.0.0.1]:${p}/`,
      `http://[::127.0.0.1]:${p}/`,
      `http://[64:ff9b::127.0.0.1]:${p}/`,
      `http://[2002:7f00:1::]:${p}/`,
      `http://169.254.169.254/latest/meta-data/`,
      `http://[::ffff:169.254.169.254]/latest/meta-data/`,
      `http://[fe80::1]:${p}/`,
      `http://10.0.0.1:${p}/`,
      `http://172.16.5.4:${p}/`,
      `http://192.168.1.1:${p}/`,
      `http://100.64.0.1:${p}/`,
      `http://[fd00::1]:${p}/`,
      `http://224.0.0.1:${p}/`,
      `http://255.255.255.255:${p}/`,
      `http://[ff02::1]:${p}/`,
      `https://127.0.0.1:${p}/`,
    ];
    for (const url of urls) {
      const err = await failure(safeFetch(url, { timeoutMs: 2_000 }));
      expect({ url, code: err.code, reason: err.details?.reason }).toEqual({ url, code: 'repository_service_configerror', reason: 'blocked_address' });
      expect(err.status).toBe(502);
    }
    expect(server.connections()).toBe(0);
  });

  it('rejects a host name when ANY of its addresses is internal', async () => {
    const server = await httpServer(ok);
    const calls: string[] = [];
    const resolve = async (host: string): Promise<ResolvedAddress[]> => {
      calls.push(host);
      return [
        { address: '93.184.215.14', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ];
    };
    const err = await failure(safeFetch(`http://mixed.example:${server.port}/`, { resolve }));
    expect(err.code).toBe('repository_service_configerror');
    expect(String((err.cause as Error).message)).toContain('127.0.0.1');
    expect(calls).toEqual(['mixed.example']);

    const mapped = await failure(safeFetch(`http://mapped.example:${server.port}/`, { resolve: async () => [{ address: '::ffff:127.0.0.1', family: 6 }] }));
    expect(mapped.code).toBe('repository_service_configerror');
    expect(server.connections()).toBe(0);
  });

  it('does not consult the resolver for IP literals', async () => {
    let called = 0;
    const err = await failure(safeFetch('http://2130706433/', { resolve: async () => (called++, [{ address: '93.184.215.14', family: 4 }]) }));
    expect(err.code).toBe('repository_service_configerror');
    expect(called).toBe(0);
  });

  it.each([
    'ftp://example.com/file',
    'file:///etc/passwd',
    'gopher://example.com:70/',
    'javascript:alert(1)',
    'http://user:secret@example.com/',
    'http://@example.com:x/',
    'not a url',
    '',
  ])('rejects the URL %j as a configuration error', async (url) => {
    const err = await failure(safeFetch(url));
    expect(err.code).toBe('repository_service_configerror');
  });

  it('rejects an allow-list entry that is not a host, address or range', async () => {
    expect(() => createSafeFetch({ allow: ['10.0.0.0/33'] })).toThrow(AppError);
    expect(() => createSafeFetch({ allow: ['http://x/'] })).toThrow(AppError);
  });

  it('checkEndpointUrl applies the same checks without connecting', async () => {
    await expect(checkEndpointUrl('http://169.254.169.254/')).rejects.toMatchObject({ code: 'repository_service_configerror' });
    await expect(checkEndpointUrl('https://issuer.example/pull', { resolve: async () => [{ address: '93.184.215.14', family: 4 }] })).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
    ]);
  });
});

// ---- allow list ----------------------------------------------------------------------------

describe('allow list', () => {
  it('lets an allow-listed address through and returns the body as a Buffer', async () => {
    const server = await httpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/xml' }).end(`<echo>${req.method} ${req.url} ${body}</echo>`));
    });
    const res = await safeFetch(`http://127.0.0.1:${server.port}/pull-uri?x=1#frag`, {
      allow: ['127.0.0.1'],
      body: '<PullURIRequest/>',
      headers: { 'content-type': 'application/xml', host: 'evil.example', 'Content-Length': '999' },
    });
    expect(res.status).toBe(200);
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.toString()).toBe('<echo>POST /pull-uri?x=1 <PullURIRequest/></echo>');
    expect(res.address).toBe('127.0.0.1');
    expect(server.requests[0]?.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('keeps the Host header as the original host name and connects to the checked address', async () => {
    const server = await httpServer(ok);
    const fetcher = createSafeFetch({ allow: ['127.0.0.0/8'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const res = await fetcher(`http://Issuer.Test:${server.port}/`);
    expect(res.body.toString()).toBe('hello');
    expect(server.requests[0]?.headers.host).toBe(`issuer.test:${server.port}`);
  });

  it('allow-lists by host name (exact and *.suffix)', async () => {
    const server = await httpServer(ok);
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
    await expect(safeFetch(`http://issuer.intranet:${server.port}/`, { allow: ['issuer.intranet'], resolve })).resolves.toMatchObject({ status: 200 });
    await expect(safeFetch(`http://a.b.corp.example:${server.port}/`, { allow: ['*.corp.example'], resolve })).resolves.toMatchObject({ status: 200 });
    await expect(safeFetch(`http://corp.example.evil.test:${server.port}/`, { allow: ['*.corp.example'], resolve })).rejects.toMatchObject({
      code: 'repository_service_configerror',
    });
  });

  it('an allowed address does not allow its neighbours', async () => {
    const server = await httpServer(ok);
    await expect(safeFetch(`http://[::1]:${server.port}/`, { allow: ['127.0.0.1'] })).rejects.toMatchObject({ code: 'repository_service_configerror' });
    await expect(safeFetch(`http://127.0.0.2:${server.port}/`, { allow: ['127.0.0.1'] })).rejects.toMatchObject({ code: 'repository_service_configerror' });
    expect(server.connections()).toBe(0);
  });
});

// ---- DNS rebinding -------------------------------------------------------------------------

describe('DNS rebinding', () => {
  it('resolves once and connects to the checked address even if a second lookup would answer otherwise', async () => {
    // 127.0.0.1 stands for the "public" address (allow-listed); 127.0.0.2 for the internal target.
    const good = await httpServer((_req, res) => void res.end('from the checked address'), '127.0.0.1');
    const internal = await httpServer((_req, res) => void res.end('from the internal address'), '127.0.0.2', good.port);
    let calls = 0;
    const resolve = async (): Promise<ResolvedAddress[]> => (++calls === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '127.0.0.2', family: 4 }]);
    // The system resolver has been "rebound" too: a connect that looked the name up again would reach 127.0.0.2.
    const systemLookup = vi.spyOn(dns, 'lookup').mockImplementation(((_host: string, opts: unknown, cb?: unknown) => {
      const callback = (typeof opts === 'function' ? opts : cb) as (...args: unknown[]) => void;
      const all = typeof opts === 'object' && opts !== null && (opts as { all?: boolean }).all;
      if (all) callback(null, [{ address: '127.0.0.2', family: 4 }]);
      else callback(null, '127.0.0.2', 4);
    }) as unknown as typeof dns.lookup);
    try {
      const res = await safeFetch(`http://rebind.test:${good.port}/`, { allow: ['127.0.0.1'], resolve });
      expect(res.body.toString()).toBe('from the checked address');
      expect(res.address).toBe('127.0.0.1');
    } finally {
      systemLookup.mockRestore();
    }
    expect(calls).toBe(1);
    expect(systemLookup).not.toHaveBeenCalled();
    expect(internal.connections()).toBe(0);
  });

  it('a public first answer and a loopback second answer: the connection goes to the public address only', async () => {
    const local = await httpServer(ok);
    let calls = 0;
    const resolve = async (): Promise<ResolvedAddress[]> => (++calls === 1 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    // Whatever the test machine's network does with that address (no route, a timeout, an
    // intercepting proxy's answer), the only connection attempted is to 93.184.215.14.
    const outcome = await safeFetch(`http://rebind.test:${local.port}/`, { resolve, connectTimeoutMs: 300, timeoutMs: 1_000 }).then(
      (res) => res.address,
      (err: unknown) => {
        expect(err).toBeInstanceOf(AppError);
        return String(((err as AppError).cause as Error).message);
      },
    );
    expect(outcome).toContain('93.184.215.14');
    expect(calls).toBe(1);
    expect(local.connections()).toBe(0);
  });
});

// ---- misbehaving endpoints --------------------------------------------------------------

describe('misbehaving endpoints', () => {
  const allow = ['127.0.0.1'];

  it('does not follow redirects', async () => {
    const target = await httpServer(ok);
    const redirecting = await httpServer((_req, res) => void res.writeHead(302, { location: `http://127.0.0.1:${target.port}/` }).end());
    const err = await failure(safeFetch(`http://127.0.0.1:${redirecting.port}/`, { allow }));
    expect(err.code).toBe('repository_service_resperror');
    expect(err.message).toMatch(/redirect/);
    expect(err.details).toMatchObject({ reason: 'redirect', httpStatus: 302 });
    expect(target.connections()).toBe(0);
  });

  it.each([301, 303, 307, 308])('HTTP %i is a redirect error too', async (status) => {
    const server = await httpServer((_req, res) => void res.writeHead(status, { location: 'http://169.254.169.254/' }).end());
    await expect(safeFetch(`http://127.0.0.1:${server.port}/`, { allow })).rejects.toMatchObject({
      code: 'repository_service_resperror',
      details: { reason: 'redirect' },
    });
  });

  it('a non-2xx answer is a response error', async () => {
    const server = await httpServer((_req, res) => void res.writeHead(500).end('boom'));
    const err = await failure(safeFetch(`http://127.0.0.1:${server.port}/`, { allow }));
    expect(err.code).toBe('repository_service_resperror');
    expect(err.details).toMatchObject({ reason: 'http_status', httpStatus: 500 });
    expect(err.status).toBe(502);
  });

  it('a server that never sends headers: unresponsive within the total timeout', async () => {
    const server = await httpServer(() => undefined);
    const started = Date.now();
    const err = await failure(safeFetch(`http://127.0.0.1:${server.port}/`, { allow, timeoutMs: 300 }));
    const elapsed = Date.now() - started;
    expect(err.code).toBe('repository_service_unresponsive');
    expect(err.status).toBe(503);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2_000);
    await server.allClosed();
  });

  it('a slow-drip body: unresponsive at the total timeout, socket closed', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const timer = setInterval(() => res.write('<'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const err = await failure(safeFetch(`http://127.0.0.1:${server.port}/`, { allow, timeoutMs: 500 }));
    expect(err.code).toBe('repository_service_unresponsive');
    expect(Date.now() - started).toBeLessThan(2_500);
    await server.allClosed();
  });

  it('an oversized streamed body: response error, and the socket is destroyed long before the server is done', async () => {
    let written = 0;
    let serverDone = false;
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' }); // chunked: no Content-Length to warn us
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = () => {
        while (written < 200 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        serverDone = true;
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    const err = await failure(safeFetch(`http://127.0.0.1:${server.port}/`, { allow, maxResponseBytes: 1024 * 1024 }));
    expect(err.code).toBe('repository_service_resperror');
    expect(err.details).toMatchObject({ reason: 'too_large' });
    await server.allClosed();
    expect(serverDone).toBe(false);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('an oversized Content-Length is refused before reading the body', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(100 * 1024 * 1024) });
      res.write('x');
    });
    const err = await failure(safeFetch(`http://127.0.0.1:${server.port}/`, { allow, maxResponseBytes: 1024 }));
    expect(err.details).toMatchObject({ reason: 'too_large' });
    await server.allClosed();
  });

  it('the default cap is 25 MB', async () => {
    const size = 25 * 1024 * 1024;
    const server = await httpServer((req, res) => {
      const n = req.url === '/over' ? size + 1 : size;
      res.writeHead(200);
      res.end(Buffer.alloc(n, 0x20));
    });
    const res = await safeFetch(`http://127.0.0.1:${server.port}/exact`, { allow });
    expect(res.body.length).toBe(size);
    await expect(safeFetch(`http://127.0.0.1:${server.port}/over`, { allow })).rejects.toMatchObject({ details: { reason: 'too_large' } });
  });

  it('connection refused: inactive', async () => {
    const server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    const err = await failure(safeFetch(`http://127.0.0.1:${port}/`, { allow }));
    expect(err.code).toBe('repository_service_inactive');
    expect(err.details).toMatchObject({ reason: 'refused' });
  });

  it('DNS failure: inactive', async () => {
    const resolve = async (): Promise<ResolvedAddress[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    const err = await failure(safeFetch('http://nowhere.invalid/', { resolve }));
    expect(err.code).toBe('repository_service_inactive');
    expect(err.details).toMatchObject({ reason: 'dns' });
    await expect(safeFetch('http://nowhere.invalid/', { resolve: async () => [] })).rejects.toMatchObject({ code: 'repository_service_inactive' });
  });

  it('connection reset before and during the answer: inactive', async () => {
    const reset = await rawServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await expect(safeFetch(`http://127.0.0.1:${reset.port}/`, { allow })).rejects.toMatchObject({ code: 'repository_service_inactive' });
    const cut = await rawServer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten..');
        setTimeout(() => socket.destroy(), 20);
      }),
    );
    await expect(safeFetch(`http://127.0.0.1:${cut.port}/`, { allow })).rejects.toMatchObject({ code: 'repository_service_inactive' });
  });

  it('an answer that is not HTTP: response error', async () => {
    const server = await rawServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')));
    await expect(safeFetch(`http://127.0.0.1:${server.port}/`, { allow })).rejects.toMatchObject({
      code: 'repository_service_resperror',
      details: { reason: 'bad_http' },
    });
  });

  it('a TLS handshake that never completes hits the connect timeout', async () => {
    const server = await rawServer(() => undefined); // accepts TCP, never speaks TLS
    const started = Date.now();
    const err = await failure(safeFetch(`https://127.0.0.1:${server.port}/`, { allow, connectTimeoutMs: 300, timeoutMs: 5_000 }));
    expect(err.code).toBe('repository_service_unresponsive');
    expect(err.details).toMatchObject({ reason: 'connect_timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

// ---- HTTPS: SNI and certificate checked against the original host name ----------------------

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('HTTPS', () => {
  let dir = '';
  let key: Buffer;
  let cert: Buffer;
  beforeAll(() => {
    if (!hasOpenssl) throw new Error('these tests make certificates with openssl: install it (apt-get install -y openssl)');
    dir = mkdtempSync(join(tmpdir(), 'safe-fetch-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=issuer.test',
        '-addext',
        'subjectAltName=DNS:issuer.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function tlsServer(): Promise<{ port: number; seen: Array<{ sni: string | false | null; host: string | undefined }> }> {
    const seen: Array<{ sni: string | false | null; host: string | undefined }> = [];
    const server = https.createServer({ key, cert }, (req, res) => {
      seen.push({ sni: (req.socket as TLSSocket).servername, host: req.headers.host });
      res.end('secure hello');
    });
    const t = track(server);
    await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, () => r()));
    servers.push(t);
    return { port: (server.address() as net.AddressInfo).port, seen };
  }

  it('sends the original host name as SNI and Host, and verifies the certificate against it', async () => {
    const server = await tlsServer();
    const res = await safeFetch(`https://issuer.test:${server.port}/pull`, {
      allow: ['127.0.0.1'],
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      ca: cert,
    });
    expect(res.body.toString()).toBe('secure hello');
    expect(server.seen).toEqual([{ sni: 'issuer.test', host: `issuer.test:${server.port}` }]);
  });

  it('a certificate for another name, or an untrusted one, fails cleanly', async () => {
    const server = await tlsServer();
    const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
    await expect(safeFetch(`https://other.test:${server.port}/`, { allow: ['127.0.0.1'], resolve, ca: cert })).rejects.toMatchObject({
      code: 'repository_service_exception',
      details: { reason: 'tls' },
    });
    await expect(safeFetch(`https://issuer.test:${server.port}/`, { allow: ['127.0.0.1'], resolve })).rejects.toMatchObject({
      code: 'repository_service_exception',
      details: { reason: 'tls' },
    });
    expect(server.seen).toEqual([]);
  });
});
