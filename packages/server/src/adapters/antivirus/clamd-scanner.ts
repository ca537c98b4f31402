import net from 'node:net';
import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import type { MalwareScanner, ScanVerdict } from './malware-scanner.js';

/** clamd's default StreamMaxLength is 25 MB; chunks stay well below it. */
const CHUNK = 64 * 1024;

/**
 * ClamAV's daemon over its socket protocol: `zINSTREAM\0`, then the file as chunks each
 * prefixed by its length (4 bytes, big-endian), then a zero length; clamd answers
 * `stream: OK` or `stream: <signature> FOUND`. `url`: tcp://host:port or unix:/path.
 */
export function clamdScanner(url: string, options: { timeoutMs?: number } = {}): MalwareScanner {
  const target = parseClamdUrl(url);
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    kind: 'clamd',
    async scan(body: Readable): Promise<ScanVerdict> {
      const socket = 'path' in target ? net.createConnection(target.path) : net.createConnection(target.port, target.host);
      socket.setTimeout(timeoutMs);
      const reply = new Promise<string>((resolve, reject) => {
        const parts: Buffer[] = [];
        socket.on('data', (d: Buffer) => parts.push(d));
        socket.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        socket.on('timeout', () => socket.destroy(new Error('clamd did not answer in time')));
        socket.on('error', reject);
      });
      reply.catch(() => undefined);
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        });
        await write(socket, Buffer.from('zINSTREAM\0'));
        for await (const chunk of body) {
          const data = chunk as Buffer;
          for (let offset = 0; offset < data.length; offset += CHUNK) {
            const piece = data.subarray(offset, offset + CHUNK);
            const length = Buffer.alloc(4);
            length.writeUInt32BE(piece.length);
            await write(socket, Buffer.concat([length, piece]));
          }
        }
        await write(socket, Buffer.alloc(4));
        const text = (await reply).replace(/\0+$/, '').trim();
        socket.end();
        return parseReply(text);
      } catch (err) {
        socket.destroy();
        body.destroy();
        if (err instanceof AppError) throw err;
        throw new AppError(
          'scanner_unavailable',
          'The virus scanner is not available; the file will be scanned when it is back.',
          { retryAfterSeconds: 10 },
          { cause: err },
        );
      }
    },
  };
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
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
