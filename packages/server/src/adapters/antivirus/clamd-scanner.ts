import net from 'node:net';
import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import { scanWithSession, type MalwareScanner, type ScanSession, type ScanVerdict } from './malware-scanner.js';

/** clamd's default StreamMaxLength is 25 MB; chunks stay well below it. */
const CHUNK = 64 * 1024;

/**
 * ClamAV's daemon over its socket protocol: `zINSTREAM\0`, then the file as chunks each
 * prefixed by its length (4 bytes, big-endian), then a zero length; clamd answers
 * `stream: OK` or `stream: <signature> FOUND`. `url`: tcp://host:port or unix:/path. An upload
 * is sent as it arrives (its chunks written to the socket as they are, never joined), waiting
 * only when the socket's buffer is full.
 */
export function clamdScanner(url: string, options: { timeoutMs?: number } = {}): MalwareScanner {
  const target = parseClamdUrl(url);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const start = (): ScanSession => {
    const socket = 'path' in target ? net.createConnection(target.path) : net.createConnection(target.port, target.host);
    socket.setTimeout(timeoutMs);
    let failure: unknown;
    const reply = new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      socket.on('data', (d: Buffer) => parts.push(d));
      socket.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      socket.on('timeout', () => socket.destroy(new Error('clamd did not answer in time')));
      socket.on('error', (err) => {
        failure ??= err;
        reject(err);
      });
      socket.on('close', () => {
        failure ??= new Error('clamd closed the connection');
        reject(failure as Error);
      });
    });
    reply.catch(() => undefined);
    // Queued until the socket connects.
    socket.write(INSTREAM);
    const drained = () =>
      new Promise<void>((resolve, reject) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          if (failure !== undefined) reject(unavailable(failure));
          else resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    return {
      write(data) {
        if (failure !== undefined) throw unavailable(failure);
        socket.cork();
        for (let offset = 0; offset < data.length; offset += CHUNK) {
          const piece = data.subarray(offset, offset + CHUNK);
          const length = Buffer.allocUnsafe(4);
          length.writeUInt32BE(piece.length);
          socket.write(length);
          socket.write(piece);
        }
        socket.uncork();
        return socket.writableNeedDrain ? drained() : undefined;
      },
      async end() {
        try {
          if (failure !== undefined) throw failure;
          socket.write(Buffer.alloc(4));
          const text = (await reply).replace(/\0+$/, '').trim();
          socket.end();
          return parseReply(text);
        } catch (err) {
          socket.destroy();
          throw unavailable(err);
        }
      },
      abort() {
        socket.destroy();
      },
    };
  };
  return { kind: 'clamd', start, scan: (body: Readable) => scanWithSession(start(), body) };
}

const INSTREAM = Buffer.from('zINSTREAM\0');

function unavailable(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError(
    'scanner_unavailable',
    'The virus scanner is not available; the file will be scanned when it is back.',
    { retryAfterSeconds: 10 },
    { cause: err },
  );
}

export function parseReply(text: string): ScanVerdict {
  if (/^stream: OK$/.test(text)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { clean: false, signature: found[1]! };
  throw new Error(`clamd answered: ${text.slice(0, 200)}`);
}

export function parseClamdUrl(url: string): { host: string; port: number } | { path: string } {
  if (url.startsWith('unix:')) return { path: url.slice('unix:'.length) };
  const u = new URL(url);
  if (u.protocol !== 'tcp:' || !u.hostname || !u.port) throw new Error(`MALWARE_SCANNER_URL must be tcp://host:port or unix:/path, not ${url}`);
  return { host: u.hostname, port: Number(u.port) };
}
