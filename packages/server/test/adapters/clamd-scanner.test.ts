import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdScanner, parseReply } from '../../src/adapters/antivirus/clamd-scanner.js';
import { EICAR } from '../../src/adapters/antivirus/eicar-scanner.js';
import { pdfFile } from '../support/upload-fixtures.js';

const CLAMD = process.env.CLAMD_PATH ?? '/usr/sbin/clamd';

/**
 * The real clamd (Debian's clamav-daemon), started here on a socket of its own. No signature
 * database can be downloaded on these machines, so it gets a one-line one that matches the
 * EICAR test string anywhere in a file.
 */
async function startClamd(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-clamd-'));
  const db = path.join(dir, 'db');
  await fs.mkdir(db);
  await fs.writeFile(path.join(db, 'tijori-test.ndb'), `Tijori.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const socket = path.join(dir, 'clamd.sock');
  const conf = path.join(dir, 'clamd.conf');
  await fs.writeFile(
    conf,
    [`LocalSocket ${socket}`, `DatabaseDirectory ${db}`, 'Foreground yes', 'LogFile /dev/null', 'LogVerbose no', 'StreamMaxLength 25M', ''].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD, ['--config-file', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when the socket answers PING.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`clamd exited: ${output}`);
    const pong = await new Promise<string>((resolve) => {
      const c = net.createConnection(socket);
      let reply = '';
      c.on('data', (d) => (reply += d.toString()));
      c.on('end', () => resolve(reply));
      c.on('error', () => resolve(''));
      c.on('connect', () => c.write('zPING\0'));
    });
    if (pong.startsWith('PONG')) break;
    if (i > 300) throw new Error(`clamd did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `unix:${socket}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

describe('clamd scanner (ClamAV over INSTREAM)', () => {
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  beforeAll(async () => {
    clamd = await startClamd();
  }, 60_000);
  afterAll(async () => clamd?.stop());

  it('refuses a PDF carrying EICAR, in chunks, and passes a clean one', async () => {
    const scanner = clamdScanner(clamd.url);
    const infected = pdfFile(1, `% ${'x'.repeat(100_000)} ${EICAR}\n`);
    const verdict = await scanner.scan(Readable.from([infected.subarray(0, 50_030), infected.subarray(50_030)]));
    expect(verdict).toEqual({ clean: false, signature: 'Tijori.Test.EICAR.UNOFFICIAL' });
    expect(await scanner.scan(Readable.from([pdfFile(3)]))).toEqual({ clean: true });
  });

  it('is fed an upload chunk by chunk as it arrives (chunks larger than one INSTREAM chunk too)', async () => {
    const scanner = clamdScanner(clamd.url);
    const feed = async (file: Buffer, cuts: number[]) => {
      const session = scanner.start!();
      let at = 0;
      for (const cut of [...cuts, file.length]) {
        await session.write(file.subarray(at, cut));
        at = cut;
      }
      return session.end();
    };
    const infected = pdfFile(1, `% ${'x'.repeat(300_000)} ${EICAR} ${'y'.repeat(100_000)}\n`);
    const seam = infected.indexOf(EICAR) + 30;
    expect(await feed(infected, [10, seam, seam + 200_000])).toEqual({ clean: false, signature: 'Tijori.Test.EICAR.UNOFFICIAL' });
    expect(await feed(pdfFile(3, `% ${'z'.repeat(500_000)}\n`), [1, 70_000, 200_000])).toEqual({ clean: true });
  });

  it('says the scanner is unavailable when clamd cannot be reached', async () => {
    const scanner = clamdScanner(`unix:${path.join(os.tmpdir(), 'no-such-clamd.sock')}`);
    await expect(scanner.scan(Readable.from([pdfFile(1)]))).rejects.toMatchObject({ code: 'scanner_unavailable' });
    const session = scanner.start!();
    // The first write may be queued before the connection fails; the answer says unavailable.
    await Promise.resolve(session.write(pdfFile(1))).catch(() => undefined);
    await expect(session.end()).rejects.toMatchObject({ code: 'scanner_unavailable' });
  });

  it('reads clamd answers', () => {
    expect(parseReply('stream: OK')).toEqual({ clean: true });
    expect(parseReply('stream: Win.Test.EICAR_HDB-1 FOUND')).toEqual({ clean: false, signature: 'Win.Test.EICAR_HDB-1' });
    expect(() => parseReply('INSTREAM size limit exceeded. ERROR')).toThrow(/size limit/);
  });
});
