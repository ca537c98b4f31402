import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { certificatePdf, certificateXml, signCertificateXml } from './documents.js';
import type { PullStatus, PullUriRequest } from './protocol.js';
import { HMAC_HEADER, XmlRejected, buildPullUriResponse, hmacBase64, istTimestamp, keyHash, parsePullUriRequest, safeEqual } from './protocol.js';
import type { DocumentType, IssuerData } from './records.js';
import { docUri, loadIssuerData } from './records.js';

/**
 * A demo issuer's Pull URI endpoint: a made-up university (`in.ac.demo-univ`, degree certificates
 * `DGCER` searched by RollNo + Year) that answers DigiLocker Pull URI requests as an issuer
 * would, so that Tijori's remote-pull client can be developed and tested end to end.
 *
 * Misbehaviour modes, for testing the client's defences: per request by RollNo (RollNo=SLOW…,
 * after the request has been authenticated), or for every request by the `mode` option
 * (`--mode` on the command line, before the request is even parsed).
 */

export const MODES = ['SLOW', 'FAIL', 'GARBAGE', 'HUGE', 'REDIRECT', 'PENDING', 'XXE', 'NOHMAC'] as const;
export type Mode = (typeof MODES)[number];

export const DEFAULT_PORT = 4010;
export const DEFAULT_PATH = '/pull-uri';
/** For development only; printed at start when no key is given. */
export const DEFAULT_API_KEY = 'tijori-demo-issuer-dev-key';
export const REDIRECT_TARGET = 'http://169.254.169.254/';

export interface DemoIssuerOptions {
  apiKey: string;
  /** RSA private key (PEM) to sign certificate XML with (XML-DSig); unsigned without one. */
  signingKey?: string;
  /** Where Pull URI requests are POSTed. Default `/pull-uri`. */
  path?: string;
  /** Misbehave on every request. */
  mode?: Mode;
  /** Default: data/records.json. */
  data?: IssuerData;
  now?: () => Date;
  /** SLOW: how long to sleep before answering. Default 10 minutes. */
  slowMs?: number;
  /** HUGE: how many bytes to stream. Default 100 MiB. */
  hugeBytes?: number;
  /** Largest request body accepted. Default 1 MiB. */
  maxRequestBytes?: number;
  /** How far `ts` may be from our clock. Default 30 minutes. */
  maxClockSkewMs?: number;
  /** One line per request (never the API key). */
  log?: (line: string) => void;
}

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

export function createDemoIssuer(options: DemoIssuerOptions): http.Server {
  const data = options.data ?? loadIssuerData();
  const path = options.path ?? DEFAULT_PATH;
  const now = options.now ?? (() => new Date());
  const slowMs = options.slowMs ?? 10 * 60_000;
  const hugeBytes = options.hugeBytes ?? 100 * 1024 * 1024;
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const signed = (xml: string) => (options.signingKey ? signCertificateXml(xml, options.signingKey) : xml);
  const maxSkewMs = options.maxClockSkewMs ?? 30 * 60_000;
  const log = options.log ?? (() => undefined);
  const sleepers = new Set<NodeJS.Timeout>();

  const sendXml = (res: http.ServerResponse, httpStatus: number, xml: string) => {
    res.writeHead(httpStatus, {
      'content-type': 'application/xml; charset=utf-8',
      'content-length': Buffer.byteLength(xml),
      [HMAC_HEADER]: hmacBase64(xml, options.apiKey),
    });
    res.end(xml);
  };

  const answer = (res: http.ServerResponse, status: PullStatus, txn: string, message?: string, httpStatus = 200) => {
    sendXml(res, httpStatus, buildPullUriResponse({ status, ts: istTimestamp(now()), txn, ...(message ? { message } : {}) }));
  };

  const misbehave = (mode: Mode, res: http.ServerResponse, request?: PullUriRequest) => {
    const txn = request?.txn ?? '';
    switch (mode) {
      case 'SLOW': {
        const timer = setTimeout(() => {
          sleepers.delete(timer);
          if (!res.destroyed) answer(res, 0, txn, 'SLOW mode: answered after sleeping');
        }, slowMs);
        sleepers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          sleepers.delete(timer);
        });
        return;
      }
      case 'FAIL':
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error (demo issuer FAIL mode)\n');
        return;
      case 'GARBAGE': {
        const body = Buffer.concat([
          Buffer.from('<<<PullURIResponse this is not XML &&& <//>>> '),
          Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]),
          Buffer.from('\n{"not":"xml either"'),
        ]);
        res.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length, [HMAC_HEADER]: hmacBase64(body, options.apiKey) });
        res.end(body);
        return;
      }
      case 'HUGE':
        streamHuge(res, hugeBytes, txn, istTimestamp(now()));
        return;
      case 'REDIRECT':
        res.writeHead(302, { location: REDIRECT_TARGET, 'content-type': 'text/plain' }).end(`Moved to ${REDIRECT_TARGET}\n`);
        return;
      case 'PENDING':
        answer(res, 9, txn, 'The document is being prepared; it will be pushed when ready.');
        return;
      case 'XXE':
        sendXml(res, 200, xxePayload(data, request, txn, istTimestamp(now())));
        return;
      case 'NOHMAC': {
        // A well-formed answer without x-digilocker-hmac: the platform must not trust it.
        const xml = buildPullUriResponse({ status: 9, ts: istTimestamp(now()), txn, message: 'NOHMAC mode: this answer carries no x-digilocker-hmac' });
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) });
        res.end(xml);
        return;
      }
    }
  };

  const handlePull = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<string> => {
    let body: string;
    try {
      body = await readBody(req, maxRequestBytes);
    } catch (err) {
      if (err instanceof TooLarge) {
        res.setHeader('connection', 'close');
        answer(res, 0, '', `the request body is larger than ${maxRequestBytes} bytes`, 413);
        return 'HTTP 413';
      }
      throw err;
    }
    if (options.mode) {
      misbehave(options.mode, res);
      return `mode ${options.mode}`;
    }
    let request: PullUriRequest;
    try {
      request = parsePullUriRequest(body, maxRequestBytes);
    } catch (err) {
      if (!(err instanceof XmlRejected)) throw err;
      answer(res, 0, '', `bad request: ${err.message}`, 400);
      return `HTTP 400 (${err.message})`;
    }
    const deny = (message: string) => {
      answer(res, 0, request.txn, message);
      return `status 0 (${message})`;
    };

    // Who is asking: the platform that holds our API key.
    if (request.orgId !== data.orgId) return deny(`orgId "${request.orgId}" is not this issuer`);
    const tsMs = Date.parse(request.ts);
    if (!request.ts || Number.isNaN(tsMs)) return deny('ts is missing or not a timestamp');
    if (Math.abs(now().getTime() - tsMs) > maxSkewMs) return deny('ts is too far from the endpoint’s clock (more than 30 minutes)');
    if (!safeEqual(request.keyhash.toLowerCase(), keyHash(options.apiKey, request.ts))) return deny('keyhash does not match');
    const mac = req.headers[HMAC_HEADER];
    if (typeof mac !== 'string' || !safeEqual(mac.trim(), hmacBase64(body, options.apiKey))) return deny(`${HMAC_HEADER} is missing or does not match`);

    const rollNo = (request.parameters.RollNo ?? request.parameters.UDF1 ?? '').trim().toUpperCase();
    if (isMode(rollNo)) {
      misbehave(rollNo, res, request);
      return `mode ${rollNo} (by RollNo)`;
    }

    // What they ask for: by URI (the content of a URI we pushed), or by the type's search parameters.
    const type = data.documentTypes.find((t) => t.code === request.docType);
    if (!type) return deny(`document type "${request.docType}" is not issued here`);
    const byUri = request.parameters.URI?.trim();
    let record: (typeof data.records)[number] | undefined;
    if (byUri) record = data.records.find((r) => r.docType === type.code && docUri(data, r) === byUri);
    else {
      const search = searchValues(type, request.parameters);
      const missing = type.parameters.filter((p) => !search[p]);
      if (missing.length) return deny(`missing search parameter(s): ${missing.join(', ')}`);
      record = data.records.find((r) => r.docType === type.code && type.parameters.every((p) => norm(r.parameters[p]) === norm(search[p])));
    }
    if (!record) return deny('no record matches these details');

    // Found. The platform matches IssuedTo against the resident; we do not.
    sendXml(
      res,
      200,
      buildPullUriResponse({
        status: 1,
        ts: istTimestamp(now()),
        txn: request.txn,
        doc: {
          person: {
            name: record.holder.name,
            dob: record.holder.dob,
            gender: record.holder.gender,
            ...(record.holder.phone ? { phone: record.holder.phone } : {}),
          },
          uri: docUri(data, record),
          ...(request.format !== 'xml' ? { docContent: certificatePdf(data, record).toString('base64') } : {}),
          ...(request.format !== 'pdf' ? { dataContent: Buffer.from(signed(certificateXml(data, record)), 'utf8').toString('base64') } : {}),
        },
      }),
    );
    return `status 1 (${docUri(data, record)})`;
  };

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://demo-issuer.invalid');
    const done = (outcome: string) => log(`${req.method} ${url.pathname} -> ${outcome} in ${Date.now() - started} ms`);
    if (url.pathname === path) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('Use POST with a PullURIRequest.\n');
        done('HTTP 405');
        return;
      }
      handlePull(req, res).then(done, (err: unknown) => {
        done(`HTTP 500 (${(err as Error)?.message ?? String(err)})`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error\n');
        else res.destroy();
      });
      return;
    }
    if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      const info = JSON.stringify(
        {
          issuer: { orgId: data.orgId, name: data.name },
          pullUri: { method: 'POST', path, contentType: 'application/xml' },
          documentTypes: data.documentTypes,
          modes: { perRequest: 'set RollNo to one of these', values: MODES, forAll: options.mode ?? null },
        },
        null,
        2,
      );
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : info);
      done('info');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    done('HTTP 404');
  });
  server.requestTimeout = 30_000;
  server.on('close', () => {
    for (const t of sleepers) clearTimeout(t);
    sleepers.clear();
  });
  return server;
}

export interface RunningDemoIssuer {
  server: http.Server;
  port: number;
  url: string;
  close: () => Promise<void>;
}

export async function startDemoIssuer(options: DemoIssuerOptions & { port?: number; host?: string }): Promise<RunningDemoIssuer> {
  const server = createDemoIssuer(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---- helpers -------------------------------------------------------------------------------

class TooLarge extends Error {}

function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > max) {
        failed = true;
        req.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Search values by name, or by position from UDF1, UDF2… */
function searchValues(type: DocumentType, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(type.parameters.map((p, i) => [p, (given[p] ?? given[`UDF${i + 1}`] ?? '').trim()]));
}

function norm(v: string | undefined): string {
  return (v ?? '').trim().toUpperCase();
}

/** A PullURIResponse whose DocContent never ends: `bytes` in all, streamed with back-pressure. */
function streamHuge(res: http.ServerResponse, bytes: number, txn: string, ts: string): void {
  const head = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><PullURIResponse xmlns:ns2="http://tempuri.org/"><ResponseStatus Status="1" ts="${ts}" txn="${txn.replace(/[^\w.-]/g, '')}">1</ResponseStatus><DocDetails><DocContent>`,
  );
  const tail = Buffer.from('</DocContent></DocDetails></PullURIResponse>');
  const chunk = Buffer.alloc(64 * 1024, 'A');
  res.writeHead(200, { 'content-type': 'application/xml' }); // chunked: no Content-Length to warn the client
  let remaining = bytes - head.length - tail.length;
  res.write(head);
  const pump = () => {
    while (remaining > 0 && !res.destroyed) {
      const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
      remaining -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}

/** XXE + billion laughs, in an otherwise plausible, correctly signed answer. */
function xxePayload(data: IssuerData, request: PullUriRequest | undefined, txn: string, ts: string): string {
  const lols = Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE PullURIResponse [',
    '  <!ENTITY xxe SYSTEM "file:///etc/passwd">',
    '  <!ENTITY meta SYSTEM "http://169.254.169.254/latest/meta-data/">',
    '  <!ENTITY lol "lol">',
    lols,
    ']>',
    '<PullURIResponse xmlns:ns2="http://tempuri.org/">',
    `<ResponseStatus Status="1" ts="${ts}" txn="${txn.replace(/[^\w.-]/g, '')}">1</ResponseStatus>`,
    '<DocDetails>',
    `<IssuedTo><Persons><Person name="&xxe;" dob="${(request?.dob ?? '01-01-2000').replace(/[^\d-]/g, '')}" gender="Other" phone="&meta;"/></Persons></IssuedTo>`,
    `<URI>${data.orgId}-${(request?.docType ?? 'DGCER').replace(/[^A-Z]/g, '')}-&lol9;</URI>`,
    '<DataContent>&lol9;</DataContent>',
    '</DocDetails>',
    '</PullURIResponse>',
  ].join('\n');
}
