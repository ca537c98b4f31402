import { execFileSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../support/test-app.js';

/** An NSS database trusting only the given root, as the reference suggests for pdfsig. */
export async function nssWithRoot(rootPem: string): Promise<string> {
  const dir = await tempDir('tijori-nss-');
  await fs.writeFile(path.join(dir, 'root.pem'), rootPem);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'tijori-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
  return dir;
}

/**
 * pdfsig's report of a PDF (it exits non-zero for an invalid signature; the text says why).
 * It runs asynchronously: pdfsig asks the OCSP responder named in the certificates, which may
 * be this very test process.
 */
export async function pdfsig(nssDir: string, pdf: Buffer): Promise<string> {
  const dir = await tempDir('tijori-pdfsig-');
  const file = path.join(dir, 'doc.pdf');
  await fs.writeFile(file, pdf);
  const child = spawn('pdfsig', ['-nssdir', `sql:${nssDir}`, file]);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  await new Promise((resolve, reject) => child.on('close', resolve).on('error', reject));
  return out;
}

/** A TCP port free right now, for a test app that must be reachable (pdfsig asks its OCSP responder). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs openssl; returns its exit status and output. */
export function openssl(args: string[]): { status: number | null; output: string } {
  const res = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}
